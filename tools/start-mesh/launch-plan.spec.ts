import type { ServiceDescriptor } from '@toevlucht/config';
import { childEnvironment, ignoredVariables, selectServices, UsageError } from './launch-plan';

const CATALOG: readonly ServiceDescriptor[] = [
  { name: 'registration', defaultPort: 3000, database: 'registration' },
  { name: 'housing', defaultPort: 3001, database: 'housing' },
  { name: 'davinci-adapter', defaultPort: 3012, database: null },
];

describe('selectServices', () => {
  it('starts every service without arguments', () => {
    expect(selectServices([], CATALOG)).toBe(CATALOG);
  });

  it('starts the services named by --only, in catalogue order, once each', () => {
    const names = (argv: string[]) => selectServices(argv, CATALOG).map((s) => s.name);
    expect(names(['--only', 'davinci-adapter,registration'])).toEqual([
      'registration',
      'davinci-adapter',
    ]);
    expect(names(['--only=housing, housing'])).toEqual(['housing']);
  });

  it('names unknown services and what is known', () => {
    expect(() => selectServices(['--only', 'housing,hosing'], CATALOG)).toThrow(
      new UsageError('unknown service hosing; known: registration, housing, davinci-adapter'),
    );
  });

  it('rejects an empty --only and other arguments', () => {
    expect(() => selectServices(['--only'], CATALOG)).toThrow(UsageError);
    expect(() => selectServices(['--only='], CATALOG)).toThrow(UsageError);
    expect(() => selectServices(['housing'], CATALOG)).toThrow(UsageError);
  });
});

describe('childEnvironment', () => {
  const env = {
    PATH: '/usr/bin',
    PORT: '4000',
    DATABASE_URL: 'postgres://x@db/one',
    NODE_OPTIONS: '--inspect',
    LOG_LEVEL: 'debug',
  };

  it('drops per-service variables and gives a stateful service its own database', () => {
    expect(childEnvironment(CATALOG[1]!, env)).toEqual({
      PATH: '/usr/bin',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgres://toevlucht:toevlucht@127.0.0.1:5432/housing',
    });
  });

  it('uses POSTGRES_URL as the server, without a trailing slash', () => {
    const childEnv = childEnvironment(CATALOG[0]!, { POSTGRES_URL: 'postgres://u:p@db:5433/' });
    expect(childEnv['DATABASE_URL']).toBe('postgres://u:p@db:5433/registration');
  });

  it('gives a stateless service no DATABASE_URL', () => {
    expect(childEnvironment(CATALOG[2]!, env)).not.toHaveProperty('DATABASE_URL');
  });

  it('lists the per-service variables that will be ignored', () => {
    expect(ignoredVariables(env)).toEqual(['PORT', 'DATABASE_URL']);
    expect(ignoredVariables({})).toEqual([]);
  });
});
