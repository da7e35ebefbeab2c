import { z } from 'zod';
import { ConfigError, positiveInt } from '@toevlucht/config';

export interface HousingSettings {
  /** Offers one client IP may submit at once to the public intake (per replica). */
  readonly intakeBurst: number;
  /** Offers per hour one client IP gets back after its burst (per replica). */
  readonly intakePerHour: number;
}

const schema = z.object({
  INTAKE_RATE_BURST: positiveInt(5, 10_000),
  INTAKE_RATE_PER_HOUR: positiveInt(20, 1_000_000),
});

/** Housing's own settings, beside the ones every service has (libs/config). */
export function loadHousingSettings(env: NodeJS.ProcessEnv): HousingSettings {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      'housing',
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        problem: issue.message,
      })),
    );
  }
  return {
    intakeBurst: result.data.INTAKE_RATE_BURST,
    intakePerHour: result.data.INTAKE_RATE_PER_HOUR,
  };
}
