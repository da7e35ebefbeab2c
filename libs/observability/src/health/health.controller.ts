import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Gauge, Registry } from 'prom-client';
import { HealthCheckRegistry } from './health-check';
import { LifecycleState } from './lifecycle-state';
import { assessReadiness } from './readiness';
import { OBSERVABILITY_SETTINGS, type ObservabilitySettings } from '../observability-settings';

@Controller('health')
export class HealthController {
  private readonly dependencyUp: Gauge<'dependency'>;

  constructor(
    private readonly checks: HealthCheckRegistry,
    @Inject(OBSERVABILITY_SETTINGS) private readonly settings: ObservabilitySettings,
    private readonly lifecycle: LifecycleState,
    registry: Registry,
  ) {
    this.dependencyUp = new Gauge({
      name: 'toevlucht_dependency_up',
      help: '1 when the dependency answered the last readiness check, 0 otherwise',
      labelNames: ['dependency'],
      registers: [registry],
    });
  }

  /** Liveness: the process runs its event loop. Never depends on anything outside it. */
  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /** Readiness: every dependency answers and the process is not shutting down. */
  @Get('ready')
  async ready(@Res() response: Response): Promise<void> {
    const report = await assessReadiness(this.checks.all(), this.settings.healthCheckTimeoutMs);
    for (const [dependency, status] of Object.entries(report.checks)) {
      this.dependencyUp.set({ dependency }, status.status === 'up' ? 1 : 0);
    }
    if (report.ready && !this.lifecycle.isDraining) {
      response.status(HttpStatus.OK).json({ status: 'up', checks: report.checks });
      return;
    }
    const down = Object.entries(report.checks)
      .filter(([, status]) => status.status === 'down')
      .map(([name]) => name);
    const detail = this.lifecycle.isDraining
      ? 'The service is shutting down.'
      : `Not ready: ${down.join(', ')} unreachable.`;
    response.status(HttpStatus.SERVICE_UNAVAILABLE).type('application/problem+json').json({
      type: 'https://toevlucht.dev/problems/not-ready',
      title: 'Service not ready',
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail,
      draining: this.lifecycle.isDraining,
      checks: report.checks,
    });
  }
}
