import { join } from 'node:path';
import { gatherFacts } from './service-facts';

/* The facts the checks compare the manifests with, read from this repository's code. */
const facts = gatherFacts(join(__dirname, '../..'));
const service = (name: string) => {
  const found = facts.services.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no facts for ${name}`);
  return found;
};

describe('the facts read from the code', () => {
  it('list every service of the catalogue with its port, database and kind', () => {
    expect(facts.services.map((s) => [s.name, s.port, s.stateful, s.adapter])).toEqual([
      ['registration', 3000, true, false],
      ['housing', 3001, true, false],
      ['subsidy', 3002, true, false],
      ['rijksregister-adapter', 3010, false, true],
      ['magda-onderwijs-adapter', 3011, false, true],
      ['davinci-adapter', 3012, false, true],
      ['orafin-adapter', 3013, true, true],
    ]);
  });

  it('know the variables from the shared loaders, the security module and the own settings', () => {
    const registration = service('registration').variables;
    for (const variable of [
      'AMQP_URL',
      'DATABASE_URL',
      'OIDC_ISSUER',
      'BLIND_INDEX_KEY',
      'RETENTION_DAYS',
    ]) {
      expect(registration.has(variable)).toBe(true);
    }
    expect(registration.has('MAGDA_AFZENDER')).toBe(false);
  });

  it('give a stateless adapter its breakers and endpoints but no database or token settings', () => {
    const adapter = service('rijksregister-adapter').variables;
    for (const variable of [
      'MAGDA_GEEFPERSOON_URL',
      'GEEFPERSOON_BREAKER_MAX_CONCURRENT',
      'REGISTREER_BREAKER_MAX_CONCURRENT',
      'UITSCHRIJVING_BREAKER_TIMEOUT_MS',
    ]) {
      expect(adapter.has(variable)).toBe(true);
    }
    for (const variable of ['DATABASE_URL', 'OIDC_ISSUER', 'FIELD_ENCRYPTION_KEYS']) {
      expect(adapter.has(variable)).toBe(false);
    }
    expect(service('orafin-adapter').variables.has('ORAFIN_SFTP_BREAKER_MAX_CONCURRENT')).toBe(
      true,
    );
  });

  it('name each adapter its work queue as libs/messaging does', () => {
    for (const name of [
      'rijksregister-adapter',
      'magda-onderwijs-adapter',
      'davinci-adapter',
      'orafin-adapter',
    ]) {
      expect(service(name).workQueues).toEqual([name]);
    }
  });

  it('know the health and metrics paths', () => {
    expect([...facts.httpPaths].sort()).toEqual(['/health/live', '/health/ready', '/metrics']);
  });
});
