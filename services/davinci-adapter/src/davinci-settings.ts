import { z } from 'zod';
import { ConfigError, positiveInt, url } from '@toevlucht/config';
import type { RetryPolicy } from './davinci-api/domain/retry-policy';

export interface DavinciSettings {
  readonly baseUrl: string;
  readonly retry: RetryPolicy;
}

/** DAVINCI_BASE_URL (the simulator by default) and the retry policy of idempotent calls. */
export function loadDavinciSettings(env: NodeJS.ProcessEnv): DavinciSettings {
  const parsed = z
    .object({
      DAVINCI_BASE_URL: url(['http', 'https'], 'http://127.0.0.1:3021'),
      DAVINCI_RETRIES: z
        .string()
        .optional()
        .transform((raw, ctx) => {
          if (raw === undefined || raw === '') return 2;
          if (!/^\d$/.test(raw)) {
            ctx.addIssue({ code: 'custom', message: 'must be an integer between 0 and 9' });
            return z.NEVER;
          }
          return Number(raw);
        }),
      DAVINCI_RETRY_BASE_MS: positiveInt(200, 60_000),
      DAVINCI_RETRY_MAX_MS: positiveInt(5_000, 600_000),
    })
    .safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      'davinci-adapter',
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        problem: issue.message,
      })),
    );
  }
  return {
    baseUrl: parsed.data.DAVINCI_BASE_URL,
    retry: {
      retries: parsed.data.DAVINCI_RETRIES,
      baseDelayMs: parsed.data.DAVINCI_RETRY_BASE_MS,
      maxDelayMs: parsed.data.DAVINCI_RETRY_MAX_MS,
    },
  };
}
