import { z } from 'zod';
import { bool, ConfigError, positiveInt } from '@toevlucht/config';

export interface RegistrationSettings {
  /** Days a closed dossier keeps its personal data before anonymisation. */
  readonly retentionDays: number;
  /** How often to look for dossiers past retention; 0 disables the timer. */
  readonly retentionCheckIntervalMs: number;
  /** Report cells counting fewer persons than this (and more than 0) are suppressed. */
  readonly reportMinimumCell: number;
  /**
   * Accept the MAGDA mock's made-up INSZ numbers (month + 60) as valid: only where the national
   * register is the simulator (whole-mesh tests, the demo); refused in production.
   */
  readonly acceptMagdaTestNumbers: boolean;
}

const nonNegativeInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      if (!/^\d+$/.test(raw)) {
        ctx.addIssue({ code: 'custom', message: 'must be a non-negative integer' });
        return z.NEVER;
      }
      return Number(raw);
    });

const schema = z.object({
  RETENTION_DAYS: positiveInt(365, 36_500),
  RETENTION_CHECK_INTERVAL_MS: nonNegativeInt(3_600_000),
  REPORT_MIN_CELL: positiveInt(5, 1_000),
  ACCEPT_MAGDA_TEST_NUMBERS: bool(false),
});

/** Registration's own settings, beside the ones every service has (libs/config). */
export function loadRegistrationSettings(env: NodeJS.ProcessEnv): RegistrationSettings {
  const result = schema
    .refine((value) => !(value.ACCEPT_MAGDA_TEST_NUMBERS && env['NODE_ENV'] === 'production'), {
      path: ['ACCEPT_MAGDA_TEST_NUMBERS'],
      message: 'must not be true in production: test numbers are no real INSZ',
    })
    .safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      'registration',
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        problem: issue.message,
      })),
    );
  }
  return {
    retentionDays: result.data.RETENTION_DAYS,
    retentionCheckIntervalMs: result.data.RETENTION_CHECK_INTERVAL_MS,
    reportMinimumCell: result.data.REPORT_MIN_CELL,
    acceptMagdaTestNumbers: result.data.ACCEPT_MAGDA_TEST_NUMBERS,
  };
}
