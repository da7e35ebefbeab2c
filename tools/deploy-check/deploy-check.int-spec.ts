import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceNamed } from '../service-catalog';
import { variablesIn, variablesReadBy } from './variables-read';

const ROOT = join(__dirname, '../..');
const FIXTURES = join(__dirname, 'fixtures');

function deployCheck(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/tools/deploy-check.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('npm run deploy:check:compose', () => {
  it('passes on deploy/', () => {
    const result = deployCheck([]);
    expect(result.output).toContain('✔ compose file, Dockerfile and RabbitMQ definitions agree');
    expect(result.status).toBe(0);
  });

  it('names each fault of a wrong compose file, Dockerfile and definitions', () => {
    const result = deployCheck([
      '--compose',
      join(FIXTURES, 'bad-compose.yml'),
      '--dockerfile',
      join(FIXTURES, 'bad.Dockerfile'),
      '--definitions',
      join(FIXTURES, 'bad-definitions.json'),
    ]);
    expect(result.status).toBe(1);
    for (const expected of [
      "compose line 15: '${PORT}' takes its value from the environment of whoever runs compose",
      'compose schema: /services/registration/healthcheck/interval must match format "duration"',
      "Dockerfile line 2: base image 'node:latest' is not pinned",
      'Dockerfile: the final stage must switch to a user other than root (USER)',
      'Dockerfile: the final stage has no HEALTHCHECK',
      'Dockerfile line 7: CMD must use the exec form',
      'Dockerfile line 6: the final stage must install production dependencies only',
      'Dockerfile line 4: ENV ORAFIN_SFTP_PASSWORD would keep a secret in the image',
      'compose: catalogue service housing is missing',
      'compose: simulator orafin-sftp is missing',
      'compose registration: sets REGISTRATION_COLOUR, which services/registration/src/main.ts never reads',
      'compose registration: must publish exactly 3000:3000',
      'compose registration: must depend on postgres',
      'rabbitmq definitions: housing has read beyond its needs, on amq.default',
      'rabbitmq definitions: subsidy lacks write on toevlucht.commands',
      'rabbitmq definitions: no user for davinci-adapter',
    ]) {
      expect(result.output).toContain(expected);
    }
  });
});

describe('the variables a program reads, from its code', () => {
  it('finds env lookups and configuration schema keys', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'deploy-vars-')), 'config.ts');
    writeFileSync(
      file,
      [
        "const a = process.env['SHELTER_HOST'];",
        'const b = process.env.SHELTER_PORT;',
        "const c = (options.env ?? process.env)['SHELTER_MODE'];",
        "const d = z.object({ SHELTER_BEDS: positiveInt(1), 'SHELTER_NAME': text('x'), notAVariable: 1 });",
        "const e = other['NOT_ENV'];",
      ].join('\n'),
    );
    expect([...variablesIn(file)].sort()).toEqual([
      'SHELTER_BEDS',
      'SHELTER_HOST',
      'SHELTER_MODE',
      'SHELTER_NAME',
      'SHELTER_PORT',
    ]);
  });

  it('gives a stateful service its database variables and security, and a stateless adapter neither', () => {
    const read = (name: string) =>
      variablesReadBy(ROOT, join(ROOT, 'services', name, 'src/main.ts'), serviceNamed(name));
    const registration = read('registration');
    for (const variable of [
      'AMQP_URL',
      'DATABASE_URL',
      'OIDC_ISSUER',
      'BLIND_INDEX_KEY',
      'RETENTION_DAYS',
    ])
      expect(registration).toContain(variable);
    const adapter = read('rijksregister-adapter');
    expect(adapter).toContain('MAGDA_GEEFPERSOON_URL');
    expect(adapter).toContain('PORT');
    expect(adapter).not.toContain('DATABASE_URL');
    expect(adapter).not.toContain('OIDC_ISSUER');
  });

  it("reads a breaker's variables by running its loader on the literal prefix", () => {
    const davinci = variablesReadBy(
      ROOT,
      join(ROOT, 'services', 'davinci-adapter', 'src/main.ts'),
      serviceNamed('davinci-adapter'),
    );
    for (const suffix of ['TIMEOUT_MS', 'RESET_TIMEOUT_MS', 'FIRST_RESET_TIMEOUT_MS'])
      expect(davinci).toContain(`DAVINCI_BREAKER_${suffix}`);
    expect(davinci).not.toContain('GEEFPERSOON_BREAKER_TIMEOUT_MS');
  });
});
