/** One thing wrong with one environment variable. Never carries the variable's value. */
export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
}

/**
 * Thrown when a service's environment is missing or invalid. The message names every
 * variable and what is wrong with it, and never repeats a value: values may be secrets.
 */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Invalid configuration for ${service}:\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
