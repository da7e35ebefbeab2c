import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

function cruise(cwd: string, targets: string[]) {
  const result = spawnSync(DEPCRUISE, [...targets, '--config', CONFIG, '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the dependency rules (.dependency-cruiser.cjs)', () => {
  it('fail on each deliberately wrong import in the fixture tree', () => {
    const { status, output } = cruise(join(__dirname, 'fixtures'), ['libs', 'services']);
    expect(status).not.toBe(0);
    expect(output).toContain(
      'lib-not-to-service: libs/shared/src/index.ts → services/beta/src/beta.ts',
    );
    expect(output).toContain(
      'service-not-to-service: services/alpha/src/alpha.ts → services/beta/src/beta.ts',
    );
    expect(output).toMatch(
      /domain-not-to-framework: services\/alpha\/src\/domain\/rule\.ts → .*@nestjs\/common/,
    );
    expect(output).toContain('domain-not-to-io-builtins: services/alpha/src/domain/rule.ts → fs');
  });

  it('pass on the real tree', () => {
    const { status, output } = cruise(ROOT, ['libs', 'services', 'tools', 'test']);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });
});
