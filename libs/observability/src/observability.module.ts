import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthCheckRegistry } from './health/health-check';
import { HealthController } from './health/health.controller';
import { LifecycleState } from './health/lifecycle-state';
import { MetricsController } from './metrics/metrics.controller';
import { createMetricsRegistry } from './metrics/metrics-registry';
import {
  LOGGER,
  OBSERVABILITY_SETTINGS,
  type ObservabilitySettings,
} from './observability-settings';

/**
 * Logs, metrics and health for one service: `/health/live`, `/health/ready`, `/metrics`, the
 * pino logger under LOGGER, the service's Prometheus registry and the health-check registry
 * other modules add their dependencies to. Global, because every feature module needs it.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(settings: ObservabilitySettings, registry?: Registry): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: OBSERVABILITY_SETTINGS, useValue: settings },
        { provide: LOGGER, useValue: settings.logger },
        { provide: Registry, useValue: registry ?? createMetricsRegistry(settings.service) },
        HealthCheckRegistry,
        LifecycleState,
      ],
      exports: [LOGGER, Registry, HealthCheckRegistry, LifecycleState],
    };
  }
}
