import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { findProjectRoot } from '@toevlucht/runtime';
import { Breaker, BreakerMetrics } from '@toevlucht/resilience';
import { loadMagdaSettings, type MagdaSettings } from './magda/adapter-config';
import { BreakerWiring } from './magda/breaker-wiring';
import { GeefPersoonClient } from './magda/geef-persoon-client';
import { PersonLookupHandler } from './magda/person-lookup.handler';
import {
  GEEF_PERSOON_BREAKER,
  MAGDA_SETTINGS,
  REGISTREER_BREAKER,
  UITSCHRIJVING_BREAKER,
} from './magda/tokens';
import { RegistrationHandler } from './magda/registration.handler';
import { RegistreerClient } from './magda/registreer-client';
import { UitschrijvingClient } from './magda/uitschrijving-client';
import { UnregistrationHandler } from './magda/unregistration.handler';

/**
 * The rijksregister-adapter: GeefPersoon lookups, RegistreerInschrijving and
 * RegistreerUitschrijving, each behind its own circuit breaker. Stateless: replicas
 * share the work queue as competing consumers.
 */
@Module({
  controllers: [PersonLookupHandler, RegistrationHandler, UnregistrationHandler],
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
        new Breaker({ settings: settings.breaker, metrics: BreakerMetrics.of(registry) }),
    },
    {
      provide: RegistreerClient,
      inject: [MAGDA_SETTINGS],
      useFactory: (settings: MagdaSettings) => RegistreerClient.create(settings),
    },
    {
      provide: REGISTREER_BREAKER,
      inject: [MAGDA_SETTINGS, Registry],
      useFactory: (settings: MagdaSettings, registry: Registry) =>
        new Breaker({
          settings: settings.registreerBreaker,
          metrics: BreakerMetrics.of(registry),
        }),
    },
    {
      provide: UitschrijvingClient,
      inject: [MAGDA_SETTINGS],
      useFactory: (settings: MagdaSettings) => UitschrijvingClient.create(settings),
    },
    {
      provide: UITSCHRIJVING_BREAKER,
      inject: [MAGDA_SETTINGS, Registry],
      useFactory: (settings: MagdaSettings, registry: Registry) =>
        new Breaker({
          settings: settings.uitschrijvingBreaker,
          metrics: BreakerMetrics.of(registry),
        }),
    },
    BreakerWiring,
  ],
})
export class RijksregisterAdapterModule {}
