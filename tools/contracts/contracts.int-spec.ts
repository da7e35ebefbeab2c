import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const TEST_SCHEMAS = join(ROOT, 'libs/messaging/test/contracts');
const FIXTURES = join(__dirname, 'fixtures');

function contracts(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/tools/contracts.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm run contracts:check', () => {
  it('passes on the project’s own contracts', () => {
    const result = contracts(['check']);
    expect(result.output).toContain('✔ contracts are consistent');
    expect(result.status).toBe(0);
  });

  it('names every disagreement between schemas, AsyncAPI document, code and generated types', () => {
    const types = join(mkdtempSync(join(tmpdir(), 'contracts-')), 'types.ts');
    const result = contracts([
      'check',
      '--schemas',
      TEST_SCHEMAS,
      '--asyncapi',
      join(FIXTURES, 'asyncapi.yaml'),
      '--code',
      join(FIXTURES, 'code'),
      '--types',
      types,
    ]);
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      'test.thing.acknowledged.v1.schema.json: not referenced by any message in asyncapi.yaml',
    );
    expect(result.output).toContain(
      'test.thing.ignored.v1.schema.json: not referenced by any message in asyncapi.yaml',
    );
    expect(result.output).toContain('handles test.thing.unheard-of.v1, which has no schema');
    expect(result.output).toContain('publishes test.thing.made-up.v1, which has no schema');
    expect(result.output).toContain(`${types} is out of date: run npm run contracts:generate`);
    expect(result.output).not.toContain('test.thing.happened.v1.schema.json: not referenced');
  });

  it('generates a payload interface per message type and a map from type to payload', () => {
    const types = join(mkdtempSync(join(tmpdir(), 'contracts-')), 'types.ts');
    expect(contracts(['generate', '--schemas', TEST_SCHEMAS, '--types', types]).status).toBe(0);
    const check = contracts([
      'check',
      '--schemas',
      TEST_SCHEMAS,
      '--asyncapi',
      join(FIXTURES, 'asyncapi.yaml'),
      '--code',
      join(FIXTURES, 'code'),
      '--types',
      types,
    ]);
    expect(check.output).not.toContain('out of date');
  });

  it('reports an invalid AsyncAPI document', () => {
    const result = contracts(['check', '--asyncapi', join(FIXTURES, 'invalid-asyncapi.yaml')]);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/✗ asyncapi: .*info/);
  });
});
