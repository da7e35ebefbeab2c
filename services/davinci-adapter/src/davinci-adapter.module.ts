import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import axios from 'axios';
import { Registry } from 'prom-client';
import { AmqpTransport, MessagePublisher } from '@toevlucht/messaging';
import { HealthCheckRegistry, LOGGER, type Logger } from '@toevlucht/observability';
import {
  Breaker,
  BreakerMetrics,
  breakerHealthCheck,
  ConsumerGate,
  loadBreakerSettings,
} from '@toevlucht/resilience';
import { announceBreakerChanges } from './breaker/breaker-announcer';
import { SearchCourseOffersHandler } from './course-offers/search-course-offers.handler';
import { DavinciClient } from './davinci-api/davinci-client';
import { loadDavinciSettings } from './davinci-settings';
import { EnrolmentHandler } from './enrolments/enrolment.handler';

const DAVINCI_BREAKER = Symbol('DAVINCI_BREAKER');
const DAVINCI_GATE = Symbol('DAVINCI_GATE');

/** Ends the breaker's waits and the gate's subscription at shutdown. */
class ResilienceLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DAVINCI_BREAKER) private readonly breaker: Breaker,
    @Inject(DAVINCI_GATE) private readonly gate: ConsumerGate,
  ) {}

  onApplicationShutdown(): void {
    this.gate.close();
    this.breaker.shutdown();
  }
}

/**
 * The davinci-adapter: course search and enrolment commands answered from DAVINCI's REST
 * interface through one breaker; while it is open the command queue is not consumed.
 */
@Module({
  controllers: [SearchCourseOffersHandler, EnrolmentHandler],
  providers: [
    {
      provide: DAVINCI_BREAKER,
      inject: [Registry, HealthCheckRegistry, MessagePublisher, LOGGER],
      useFactory: (
        registry: Registry,
        health: HealthCheckRegistry,
        publisher: MessagePublisher,
        logger: Logger,
      ) => {
        const breaker = new Breaker({
          settings: loadBreakerSettings('davinci', 'DAVINCI', process.env, {
            timeoutMs: 5_000,
            slowCallMs: 3_000,
            volumeThreshold: 5,
            errorThresholdPercentage: 50,
            resetTimeoutMs: 10_000,
            firstResetTimeoutMs: 1_000,
            rollingWindowMs: 10_000,
            maxConcurrent: 10,
          }),
          metrics: BreakerMetrics.of(registry),
        });
        health.register(breakerHealthCheck(breaker));
        announceBreakerChanges('davinci-adapter', breaker, publisher, logger);
        return breaker;
      },
    },
    {
      provide: DAVINCI_GATE,
      inject: [AmqpTransport, DAVINCI_BREAKER, LOGGER],
      useFactory: (transport: AmqpTransport, breaker: Breaker, logger: Logger) =>
        new ConsumerGate(
          { pause: () => transport.pause(), resume: () => transport.resume() },
          [breaker],
          (error) => logger.warn({ err: error }, 'consumer could not be paused or resumed'),
        ),
    },
    {
      provide: DavinciClient,
      inject: [DAVINCI_BREAKER],
      useFactory: (breaker: Breaker) => {
        const settings = loadDavinciSettings(process.env);
        return new DavinciClient(
          axios.create({ baseURL: settings.baseUrl }),
          breaker,
          settings.retry,
        );
      },
    },
    ResilienceLifecycle,
  ],
})
export class DavinciAdapterModule {}
