import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { findProjectRoot } from '@toevlucht/runtime';
import { Breaker, BreakerMetrics } from '@toevlucht/resilience';
import { loadMagdaSettings, type MagdaSettings } from './magda/adapter-config';
import { BreakerWiring } from './magda/breaker-wiring';
import { EnrolmentHistoryHandler } from './magda/enrolment-history.handler';
import { HistoriekClient } from './magda/historiek-client';
import { HISTORIEK_BREAKER, MAGDA_SETTINGS } from './magda/tokens';

/** The magda-onderwijs-adapter: enrolment histories behind a circuit breaker; stateless. */
@Module({
  controllers: [EnrolmentHistoryHandler],
  providers: [
    {
      provide: MAGDA_SETTINGS,
      useFactory: () => loadMagdaSettings(process.env, findProjectRoot()),
    },
    {
      provide: HistoriekClient,
      inject: [MAGDA_SETTINGS],
      useFactory: (settings: MagdaSettings) => HistoriekClient.create(settings),
    },
    {
      provide: HISTORIEK_BREAKER,
      inject: [MAGDA_SETTINGS, Registry],
      useFactory: (settings: MagdaSettings, registry: Registry) =>
        new Breaker({ settings: settings.breaker, metrics: BreakerMetrics.of(registry) }),
    },
    BreakerWiring,
  ],
})
export class MagdaOnderwijsAdapterModule {}
