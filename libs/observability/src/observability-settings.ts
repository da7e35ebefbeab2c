import type { Logger } from 'pino';

export interface ObservabilitySettings {
  readonly service: string;
  readonly healthCheckTimeoutMs: number;
  readonly logger: Logger;
}

export const OBSERVABILITY_SETTINGS = Symbol('OBSERVABILITY_SETTINGS');
/** Injection token for the service's pino logger. */
export const LOGGER = Symbol('LOGGER');
