import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem, positiveInt } from '@toevlucht/config';
import { type BreakerSettings, loadBreakerSettings } from '@toevlucht/resilience';

export interface MagdaSettings {
  /** GeefPersoon 02.02 endpoint (the simulator locally, MAGDA or its official mock elsewhere). */
  readonly geefPersoonUrl: string;
  /** The WSDL the soap client is built from. */
  readonly geefPersoonWsdl: string;
  /** RegistreerInschrijving 02.01 endpoint (repertorium). */
  readonly registreerUrl: string;
  readonly registreerWsdl: string;
  /** RegistreerUitschrijving 02.01 endpoint (repertorium; operation assumed, see contracts/wsdl). */
  readonly uitschrijvingUrl: string;
  readonly uitschrijvingWsdl: string;
  /** Our consumer URI at MAGDA (Afzender/Identificatie). */
  readonly afzender: string;
  /** Our capacity code (Afzender/Hoedanigheid), agreed with MAGDA per use. */
  readonly hoedanigheid: string;
  /** Calls per delivery before the message goes to the retry tiers (transient failures only). */
  readonly attemptsPerMessage: number;
  readonly breaker: BreakerSettings;
  readonly registreerBreaker: BreakerSettings;
  readonly uitschrijvingBreaker: BreakerSettings;
}

/**
 * Reads MAGDA_* (endpoints, identity) and GEEFPERSOON_/REGISTREER_/UITSCHRIJVING_BREAKER_*
 * (breakers) from the environment;
 * the defaults point at the local MAGDA simulator (npm run simulator:magda).
 */
export function loadMagdaSettings(env: NodeJS.ProcessEnv, projectRoot: string): MagdaSettings {
  const parsed = z
    .object({
      MAGDA_GEEFPERSOON_URL: z
        .string()
        .url({ error: 'must be a URL' })
        .default('http://127.0.0.1:3020/GeefPersoonDienst-02.02/soap/WebService'),
      MAGDA_REGISTREER_URL: z
        .string()
        .url({ error: 'must be a URL' })
        .default('http://127.0.0.1:3020/RegistreerInschrijvingDienst-02.01/soap/WebService'),
      MAGDA_UITSCHRIJVING_URL: z
        .string()
        .url({ error: 'must be a URL' })
        .default('http://127.0.0.1:3020/RegistreerUitschrijvingDienst-02.01/soap/WebService'),
      MAGDA_AFZENDER: z.string().min(1).default('toevlucht.dev/rijksregister-adapter'),
      MAGDA_HOEDANIGHEID: z.string().min(1).default('1300'),
      MAGDA_ATTEMPTS_PER_MESSAGE: positiveInt(3, 10),
    })
    .safeParse(env);
  // Every bad variable in one error: the breakers' settings are checked even when MAGDA_* failed.
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0]),
        problem: 'invalid value',
      }));
  for (const [name, prefix] of [
    ['rijksregister.GeefPersoon', 'GEEFPERSOON'],
    ['rijksregister.RegistreerInschrijving', 'REGISTREER'],
    ['rijksregister.RegistreerUitschrijving', 'UITSCHRIJVING'],
  ] as const) {
    try {
      loadBreakerSettings(name, prefix, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (!parsed.success || problems.length > 0)
    throw new ConfigError('rijksregister-adapter', problems);
  return {
    geefPersoonUrl: parsed.data.MAGDA_GEEFPERSOON_URL,
    geefPersoonWsdl: join(projectRoot, 'contracts', 'wsdl', 'GeefPersoonDienst-02.02.wsdl'),
    registreerUrl: parsed.data.MAGDA_REGISTREER_URL,
    registreerWsdl: join(
      projectRoot,
      'contracts',
      'wsdl',
      'RegistreerInschrijvingDienst-02.01.wsdl',
    ),
    uitschrijvingUrl: parsed.data.MAGDA_UITSCHRIJVING_URL,
    uitschrijvingWsdl: join(
      projectRoot,
      'contracts',
      'wsdl',
      'RegistreerUitschrijvingDienst-02.01.wsdl',
    ),
    afzender: parsed.data.MAGDA_AFZENDER,
    hoedanigheid: parsed.data.MAGDA_HOEDANIGHEID,
    attemptsPerMessage: parsed.data.MAGDA_ATTEMPTS_PER_MESSAGE,
    breaker: loadBreakerSettings('rijksregister.GeefPersoon', 'GEEFPERSOON', env, {
      timeoutMs: 5_000,
      slowCallMs: 3_000,
      volumeThreshold: 10,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 10_000,
      firstResetTimeoutMs: 1_000,
      rollingWindowMs: 10_000,
      maxConcurrent: 10,
    }),
    registreerBreaker: loadBreakerSettings(
      'rijksregister.RegistreerInschrijving',
      'REGISTREER',
      env,
      {
        timeoutMs: 5_000,
        slowCallMs: 3_000,
        volumeThreshold: 10,
        errorThresholdPercentage: 50,
        resetTimeoutMs: 10_000,
        firstResetTimeoutMs: 1_000,
        rollingWindowMs: 10_000,
        maxConcurrent: 5,
      },
    ),
    uitschrijvingBreaker: loadBreakerSettings(
      'rijksregister.RegistreerUitschrijving',
      'UITSCHRIJVING',
      env,
      {
        timeoutMs: 5_000,
        slowCallMs: 3_000,
        volumeThreshold: 10,
        errorThresholdPercentage: 50,
        resetTimeoutMs: 10_000,
        firstResetTimeoutMs: 1_000,
        rollingWindowMs: 10_000,
        maxConcurrent: 5,
      },
    ),
  };
}
