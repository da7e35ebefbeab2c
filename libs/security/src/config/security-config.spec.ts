import { randomBytes } from 'node:crypto';
import { ConfigError } from '@toevlucht/config';
import { DEV_BLIND_INDEX_KEY_BASE64, DEV_FIELD_KEY_BASE64 } from './dev-defaults';
import { loadSecurityConfig } from './security-config';

const key = () => randomBytes(32).toString('base64');

const production = (): NodeJS.ProcessEnv => ({
  NODE_ENV: 'production',
  OIDC_ISSUER: 'https://idp.vlaanderen.test/realms/toevlucht',
  OIDC_AUDIENCE: 'toevlucht-registration',
  OIDC_JWKS_URL: 'https://idp.vlaanderen.test/realms/toevlucht/protocol/openid-connect/certs',
  OIDC_ROLES_CLAIM: 'realm_access.roles',
  OIDC_NIS_CLAIM: 'nis',
  OIDC_CLOCK_TOLERANCE_S: '10',
  FIELD_ENCRYPTION_KEYS: `k2025:${key()},k2026:${key()}`,
  FIELD_ENCRYPTION_CURRENT_KEY: 'k2026',
  BLIND_INDEX_KEY: key(),
});

function problemsOf(env: NodeJS.ProcessEnv) {
  try {
    loadSecurityConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSecurityConfig', () => {
  it('defaults outside production to the development issuer and the labelled insecure keys', () => {
    const config = loadSecurityConfig({});
    expect(config.oidc).toEqual({
      issuer: 'http://127.0.0.1:3090',
      audience: ['toevlucht'],
      jwksUrl: 'http://127.0.0.1:3090/.well-known/jwks.json',
      rolesClaim: 'roles',
      nisClaim: 'nis',
      clockToleranceS: 30,
    });
    expect(config.fieldEncryption.currentKeyId).toBe('dev-insecure');
    expect(config.fieldEncryption.keys.get('dev-insecure')).toEqual(
      Buffer.from(DEV_FIELD_KEY_BASE64, 'base64'),
    );
  });

  it('takes a complete production configuration', () => {
    const env = {
      ...production(),
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_CLOCK_TOLERANCE_S: '5',
    };
    const config = loadSecurityConfig(env);
    expect(config.oidc.rolesClaim).toBe('realm_access.roles');
    expect(config.oidc.clockToleranceS).toBe(5);
    expect([...config.fieldEncryption.keys.keys()]).toEqual(['k2025', 'k2026']);
    expect(config.fieldEncryption.currentKeyId).toBe('k2026');
    expect(config.blindIndexKey).toHaveLength(32);
  });

  it('accepts several audiences', () => {
    expect(loadSecurityConfig({ OIDC_AUDIENCE: 'a, b' }).oidc.audience).toEqual(['a', 'b']);
  });

  it.each([
    'OIDC_ISSUER',
    'OIDC_AUDIENCE',
    'OIDC_JWKS_URL',
    'OIDC_ROLES_CLAIM',
    'OIDC_NIS_CLAIM',
    'OIDC_CLOCK_TOLERANCE_S',
    'FIELD_ENCRYPTION_KEYS',
    'FIELD_ENCRYPTION_CURRENT_KEY',
    'BLIND_INDEX_KEY',
  ])('requires %s in production', (variable) => {
    const env = production();
    delete env[variable];
    const error = problemsOf(env);
    expect(error.problems).toContainEqual({ variable, problem: 'is required' });
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    [
      'OIDC_ISSUER',
      { OIDC_ISSUER: 'http://127.0.0.1:3090' },
      'must not be the development token issuer',
    ],
    [
      'OIDC_JWKS_URL',
      { OIDC_JWKS_URL: 'https://127.0.0.1:3090/.well-known/jwks.json' },
      'must not be the development token issuer',
    ],
    [
      'OIDC_JWKS_URL',
      { OIDC_JWKS_URL: 'http://idp.vlaanderen.test/certs' },
      'must use one of the schemes https://',
    ],
    [
      'FIELD_ENCRYPTION_KEYS',
      { FIELD_ENCRYPTION_KEYS: `k1:${DEV_FIELD_KEY_BASE64}`, FIELD_ENCRYPTION_CURRENT_KEY: 'k1' },
      'must not contain the insecure development key',
    ],
    [
      'FIELD_ENCRYPTION_KEYS',
      {
        FIELD_ENCRYPTION_KEYS: `dev-insecure:${key()}`,
        FIELD_ENCRYPTION_CURRENT_KEY: 'dev-insecure',
      },
      'must not contain the insecure development key',
    ],
    [
      'BLIND_INDEX_KEY',
      { BLIND_INDEX_KEY: DEV_BLIND_INDEX_KEY_BASE64 },
      'must not be the insecure development key',
    ],
  ])('refuses the development value of %s in production', (variable, overrides, problem) => {
    const error = problemsOf({ ...production(), ...overrides });
    expect(error.problems).toEqual([{ variable, problem }]);
  });

  it.each<[string, string, string]>([
    [
      'FIELD_ENCRYPTION_KEYS',
      'k2025',
      'entry 1 must be <key id>:<base64 key> with a key id of 1-32 letters, digits or dashes',
    ],
    [
      'FIELD_ENCRYPTION_KEYS',
      'k.1:AAAA',
      'entry 1 must be <key id>:<base64 key> with a key id of 1-32 letters, digits or dashes',
    ],
    ['FIELD_ENCRYPTION_KEYS', 'k1:c2hvcnQ=', "key 'k1' must be 32 bytes (AES-256), base64-encoded"],
    ['FIELD_ENCRYPTION_CURRENT_KEY', 'k2027', 'must name one of the keys in FIELD_ENCRYPTION_KEYS'],
    ['BLIND_INDEX_KEY', 'c2hvcnQ=', 'must be at least 32 bytes, base64-encoded'],
    ['OIDC_CLOCK_TOLERANCE_S', '600', 'must be an integer between 0 and 300'],
    ['OIDC_JWKS_URL', 'not a url', 'is not a valid URL'],
  ])('refuses %s=%s, naming the variable and the problem', (variable, value, problem) => {
    const error = problemsOf({ ...production(), [variable]: value });
    expect(error.problems).toEqual([{ variable, problem }]);
  });

  it('finds duplicate key ids', () => {
    const error = problemsOf({
      ...production(),
      FIELD_ENCRYPTION_KEYS: `k1:${key()},k1:${key()}`,
      FIELD_ENCRYPTION_CURRENT_KEY: 'k1',
    });
    expect(error.problems).toEqual([
      { variable: 'FIELD_ENCRYPTION_KEYS', problem: "key id 'k1' appears twice" },
    ]);
  });

  it('never repeats key material in its message', () => {
    const secret = randomBytes(20).toString('base64');
    const error = problemsOf({
      ...production(),
      FIELD_ENCRYPTION_KEYS: `k1:${secret}`,
      FIELD_ENCRYPTION_CURRENT_KEY: 'k1',
      BLIND_INDEX_KEY: secret,
    });
    expect(error.problems).toHaveLength(2);
    expect(error.message).not.toContain(secret);
  });
});
