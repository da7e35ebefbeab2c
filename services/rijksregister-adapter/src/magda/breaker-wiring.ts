import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AmqpTransport, MessagePublisher } from '@toevlucht/messaging';
import { HealthCheckRegistry, LOGGER, type Logger } from '@toevlucht/observability';
import {
  Breaker,
  breakerHealthCheck,
  ConsumerGate,
  type BreakerStateChange,
} from '@toevlucht/resilience';
import type { IntegrationBreakerStateChangedV1 } from '../../../../contracts/generated/message-payloads';
import { GEEF_PERSOON_BREAKER, REGISTREER_BREAKER, UITSCHRIJVING_BREAKER } from './tokens';

/**
 * Connects the GeefPersoon, RegistreerInschrijving and RegistreerUitschrijving breakers to the
 * rest of the service: readiness (degraded while open), the consumer (paused while open), and
 * `integration.breaker.state-changed.v1`.
 */
@Injectable()
export class BreakerWiring implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private gate: ConsumerGate | undefined;

  constructor(
    @Inject(GEEF_PERSOON_BREAKER) private readonly geefPersoon: Breaker,
    @Inject(REGISTREER_BREAKER) private readonly registreer: Breaker,
    @Inject(UITSCHRIJVING_BREAKER) private readonly uitschrijving: Breaker,
    private readonly transport: AmqpTransport,
    private readonly publisher: MessagePublisher,
    private readonly health: HealthCheckRegistry,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const breakers = [this.geefPersoon, this.registreer, this.uitschrijving];
    for (const breaker of breakers) {
      this.health.register(breakerHealthCheck(breaker));
      breaker.onStateChange((change) => this.announce(change));
    }
    // Lookups, registrations and deregistrations share the work queue: any of the three
    // partner operations down pauses it.
    this.gate = new ConsumerGate(
      { pause: () => this.transport.pause(), resume: () => this.transport.resume() },
      breakers,
      (error) => this.log.warn({ err: error }, 'could not pause or resume consuming'),
    );
  }

  /**
   * Before the transport closes: a delivery waiting on an open breaker would otherwise hold
   * shutdown until its grace ran out. Stopped breakers end those waits; the messages go to a
   * retry tier while the publisher is still open.
   */
  beforeApplicationShutdown(): void {
    this.gate?.close();
    this.geefPersoon.shutdown();
    this.registreer.shutdown();
    this.uitschrijving.shutdown();
  }

  private announce(change: BreakerStateChange): void {
    this.log.warn(
      {
        breaker: change.breaker,
        state: change.state,
        previousState: change.previousState,
        reason: change.reason,
      },
      'circuit breaker changed state',
    );
    const event: IntegrationBreakerStateChangedV1 = {
      service: 'rijksregister-adapter',
      breaker: change.breaker,
      state: change.state,
      previousState: change.previousState,
      at: change.at.toISOString(),
      ...(change.reason === undefined ? {} : { reason: change.reason.slice(0, 500) }),
    };
    this.publisher
      .publish('integration.breaker.state-changed.v1', event)
      .catch((error: unknown) =>
        this.log.warn({ err: error }, 'could not publish the breaker state change'),
      );
  }
}
