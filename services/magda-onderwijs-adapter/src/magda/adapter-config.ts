import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, positiveInt } from '@toevlucht/config';
import { type BreakerSettings, loadBreakerSettings } from '@toevlucht/resilience';

export interface MagdaSettings {
  /** GeefHistoriekInschrijving 02.01 endpoint (the simulator locally). */
  readonly historiekUrl: string;
  readonly historiekWsdl: string;
  readonly afzender: string;
  readonly hoedanigheid: string;
  readonly attemptsPerMessage: number;
  readonly breaker: BreakerSettings;
}

/** MAGDA_HISTORIEK_URL, MAGDA_AFZENDER, MAGDA_HOEDANIGHEID, MAGDA_ATTEMPTS_PER_MESSAGE, HISTORIEK_BREAKER_*. */
export function loadMagdaSettings(env: NodeJS.ProcessEnv, projectRoot: string): MagdaSettings {
  const parsed = z
    .object({
      MAGDA_HISTORIEK_URL: z
        .string()
        .url()
        .default('http://127.0.0.1:3020/GeefHistoriekInschrijvingDienst-02.01/soap/WebService'),
      MAGDA_AFZENDER: z.string().min(1).default('toevlucht.dev/magda-onderwijs-adapter'),
      MAGDA_HOEDANIGHEID: z.string().min(1).default('1300'),
      MAGDA_ATTEMPTS_PER_MESSAGE: positiveInt(3, 10),
    })
    .safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      'magda-onderwijs-adapter',
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0]),
        problem: 'invalid value',
      })),
    );
  }
  return {
    historiekUrl: parsed.data.MAGDA_HISTORIEK_URL,
    historiekWsdl: join(
      projectRoot,
      'contracts',
      'wsdl',
      'GeefHistoriekInschrijvingDienst-02.01.wsdl',
    ),
    afzender: parsed.data.MAGDA_AFZENDER,
    hoedanigheid: parsed.data.MAGDA_HOEDANIGHEID,
    attemptsPerMessage: parsed.data.MAGDA_ATTEMPTS_PER_MESSAGE,
    breaker: loadBreakerSettings('onderwijs.GeefHistoriekInschrijving', 'HISTORIEK', env, {
      timeoutMs: 5_000,
      slowCallMs: 3_000,
      volumeThreshold: 10,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 10_000,
      firstResetTimeoutMs: 1_000,
      rollingWindowMs: 10_000,
      maxConcurrent: 10,
    }),
  };
}
