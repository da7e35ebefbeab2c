import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { findProjectRoot } from '@toevlucht/runtime';
import { Breaker, BreakerMetrics } from '@toevlucht/resilience';
import { loadMagdaSettings, type MagdaSettings } from './magda/adapter-config';
import { BreakerWiring } from './magda/breaker-wiring';
import { GeefPersoonClient } from './magda/geef-persoon-client';
import { PersonLookupHandler } from './magda/person-lookup.handler';
import { GEEF_PERSOON_BREAKER, MAGDA_SETTINGS } from './magda/tokens';

/**
 * The rijksregister-adapter: GeefPersoon lookups behind a circuit breaker. Stateless: replicas
 * share the work queue as competing consumers.
 */
@Module({
  controllers: [PersonLookupHandler],
  providers: [
    {
      provide: MAGDA_SETTINGS,
      useFactory: () => loadMagdaSettings(process.env, findProjectRoot()),
    },
    {
      provide: GeefPersoonClient,
      inject: [MAGDA_SETTINGS],
      useFactory: (settings: MagdaSettings) => GeefPersoonClient.create(settings),
    },
    {
      provide: GEEF_PERSOON_BREAKER,
      inject: [MAGDA_SETTINGS, Registry],
      useFactory: (settings: MagdaSettings, registry: Registry) =>
        new Breaker({ settings: settings.breaker, metrics: new BreakerMetrics(registry) }),
    },
    BreakerWiring,
  ],
})
export class RijksregisterAdapterModule {}
