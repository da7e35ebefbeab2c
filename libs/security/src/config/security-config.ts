import { z } from 'zod';
import { ConfigError, type ConfigProblem, NODE_ENVS, oneOf, url } from '@toevlucht/config';
import {
  DEV_AUDIENCE,
  DEV_BLIND_INDEX_KEY_BASE64,
  DEV_FIELD_KEY_BASE64,
  DEV_FIELD_KEY_ID,
  DEV_ISSUER_URL,
  DEV_JWKS_URL,
} from './dev-defaults';
import { decodeBase64, fieldKeys, secretKey, seconds, text } from './key-parsers';

export interface OidcConfig {
  /** The `iss` every token must carry. */
  readonly issuer: string;
  /** Accepted `aud` values; a token must name at least one. */
  readonly audience: readonly string[];
  readonly jwksUrl: string;
  /** Claim holding the roles; a dotted path (`realm_access.roles`) reaches into objects. */
  readonly rolesClaim: string;
  /** Claim holding a gemeentelijk-coordinator's 5-digit NIS code. */
  readonly nisClaim: string;
  /** Leeway for exp/nbf/iat between our clock and the identity provider's. */
  readonly clockToleranceS: number;
}

export interface FieldEncryptionConfig {
  /** Every key that may still decrypt, by key id. */
  readonly keys: ReadonlyMap<string, Buffer>;
  /** The key new ciphertexts are made with. */
  readonly currentKeyId: string;
}

export interface SecurityConfig {
  readonly oidc: OidcConfig;
  readonly fieldEncryption: FieldEncryptionConfig;
  readonly blindIndexKey: Buffer;
}

/** What a ConfigError from here is filed under. */
const SCOPE = 'security';

/**
 * Reads OIDC_*, FIELD_ENCRYPTION_* and BLIND_INDEX_KEY. Outside production every variable has
 * a development default (the development token issuer, published insecure keys); with
 * NODE_ENV=production every one must be set and none of those defaults is accepted. Throws a
 * ConfigError naming every bad variable, never a value.
 */
export function loadSecurityConfig(env: NodeJS.ProcessEnv): SecurityConfig {
  const nodeEnvResult = oneOf(NODE_ENVS, 'development').safeParse(env['NODE_ENV']);
  const production = nodeEnvResult.success && nodeEnvResult.data === 'production';
  const dev = <T>(value: T): T | undefined => (production ? undefined : value);

  const parsed = z
    .object({
      OIDC_ISSUER: text(dev(DEV_ISSUER_URL)),
      OIDC_AUDIENCE: text(dev(DEV_AUDIENCE)),
      OIDC_JWKS_URL: url(production ? ['https'] : ['http', 'https'], dev(DEV_JWKS_URL)),
      // Required in production too: the claim layout is the identity provider's, and must be
      // stated for it rather than assumed.
      OIDC_ROLES_CLAIM: text(dev('roles')),
      OIDC_NIS_CLAIM: text(dev('nis')),
      OIDC_CLOCK_TOLERANCE_S: seconds(dev(30), 300),
      FIELD_ENCRYPTION_KEYS: fieldKeys(dev(`${DEV_FIELD_KEY_ID}:${DEV_FIELD_KEY_BASE64}`)),
      FIELD_ENCRYPTION_CURRENT_KEY: text(dev(DEV_FIELD_KEY_ID)),
      BLIND_INDEX_KEY: secretKey(dev(DEV_BLIND_INDEX_KEY_BASE64), 32),
    })
    .safeParse(env);

  const problems: ConfigProblem[] = parsed.success ? [] : parsed.error.issues.map(toProblem);
  if (parsed.success) problems.push(...crossChecks(parsed.data, production));
  if (!parsed.success || problems.length > 0) throw new ConfigError(SCOPE, problems);
  const data = parsed.data;
  return {
    oidc: {
      issuer: data.OIDC_ISSUER,
      audience: data.OIDC_AUDIENCE.split(',').map((audience) => audience.trim()),
      jwksUrl: data.OIDC_JWKS_URL,
      rolesClaim: data.OIDC_ROLES_CLAIM,
      nisClaim: data.OIDC_NIS_CLAIM,
      clockToleranceS: data.OIDC_CLOCK_TOLERANCE_S,
    },
    fieldEncryption: {
      keys: data.FIELD_ENCRYPTION_KEYS,
      currentKeyId: data.FIELD_ENCRYPTION_CURRENT_KEY,
    },
    blindIndexKey: data.BLIND_INDEX_KEY,
  };
}

interface Parsed {
  readonly OIDC_ISSUER: string;
  readonly OIDC_JWKS_URL: string;
  readonly FIELD_ENCRYPTION_KEYS: ReadonlyMap<string, Buffer>;
  readonly FIELD_ENCRYPTION_CURRENT_KEY: string;
  readonly BLIND_INDEX_KEY: Buffer;
}

function crossChecks(data: Parsed, production: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!data.FIELD_ENCRYPTION_KEYS.has(data.FIELD_ENCRYPTION_CURRENT_KEY)) {
    problems.push({
      variable: 'FIELD_ENCRYPTION_CURRENT_KEY',
      problem: 'must name one of the keys in FIELD_ENCRYPTION_KEYS',
    });
  }
  if (!production) return problems;
  // Production: the published development values would make tokens forgeable and
  // ciphertexts readable by anyone with the repository.
  const devIssuerHost = new URL(DEV_ISSUER_URL).host;
  if (sameHost(data.OIDC_ISSUER, devIssuerHost)) {
    problems.push({ variable: 'OIDC_ISSUER', problem: 'must not be the development token issuer' });
  }
  if (sameHost(data.OIDC_JWKS_URL, devIssuerHost)) {
    problems.push({
      variable: 'OIDC_JWKS_URL',
      problem: 'must not be the development token issuer',
    });
  }
  const devFieldKey = decodeBase64(DEV_FIELD_KEY_BASE64);
  for (const [kid, key] of data.FIELD_ENCRYPTION_KEYS) {
    if (kid === DEV_FIELD_KEY_ID || (devFieldKey !== undefined && key.equals(devFieldKey))) {
      problems.push({
        variable: 'FIELD_ENCRYPTION_KEYS',
        problem: 'must not contain the insecure development key',
      });
      break;
    }
  }
  const devBlindKey = decodeBase64(DEV_BLIND_INDEX_KEY_BASE64);
  if (devBlindKey !== undefined && data.BLIND_INDEX_KEY.equals(devBlindKey)) {
    problems.push({
      variable: 'BLIND_INDEX_KEY',
      problem: 'must not be the insecure development key',
    });
  }
  return problems;
}

function sameHost(value: string, host: string): boolean {
  try {
    return new URL(value).host === host;
  } catch {
    return false;
  }
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  return { variable: String(issue.path[0] ?? '(environment)'), problem: issue.message };
}
