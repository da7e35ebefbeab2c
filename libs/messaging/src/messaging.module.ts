import {
  type DynamicModule,
  Global,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthCheckRegistry, LOGGER, type Logger } from '@toevlucht/observability';
import { BrokerConnection, type BrokerConnectionSettings } from './connection/broker-connection';
import { BrokerHealthCheck } from './connection/broker-health';
import { AmqpTransport, type AmqpTransportSettings } from './consumer/amqp-transport';
import { ContractRegistry } from './contracts/contract-registry';
import { MessagePublisher } from './envelope/direct-publisher';
import { MessagingMetrics } from './metrics/messaging-metrics';
import { ConfirmPublisher, type ConfirmPublisherSettings } from './publisher/confirm-publisher';
import { RequestClient } from './request/request-client';

export interface MessagingSettings {
  readonly connection: BrokerConnectionSettings;
  readonly transport: AmqpTransportSettings;
  readonly publisher: ConfirmPublisherSettings;
  readonly contracts: ContractRegistry;
}

/**
 * RabbitMQ for one service: the connection ('broker' in readiness), the contracts, a confirmed
 * publisher, the direct MessagePublisher, the metrics, and the AmqpTransport that runService
 * connects as the app's microservice. The connection opens once the app has bootstrapped and
 * closes at application shutdown, after HTTP requests and message handlers have finished.
 */
@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly connection: BrokerConnection,
    private readonly publisher: ConfirmPublisher,
    private readonly requests: RequestClient,
    private readonly healthChecks: HealthCheckRegistry,
  ) {}

  static forRoot(settings: MessagingSettings): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: ContractRegistry, useValue: settings.contracts },
        {
          provide: BrokerConnection,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new BrokerConnection(settings.connection, logger),
        },
        {
          provide: MessagingMetrics,
          inject: [Registry],
          useFactory: (registry: Registry) => new MessagingMetrics(registry),
        },
        {
          provide: ConfirmPublisher,
          inject: [BrokerConnection, LOGGER, MessagingMetrics],
          useFactory: (connection: BrokerConnection, logger: Logger, metrics: MessagingMetrics) =>
            new ConfirmPublisher(connection, settings.publisher, logger, metrics),
        },
        {
          provide: MessagePublisher,
          inject: [ContractRegistry, ConfirmPublisher],
          useFactory: (contracts: ContractRegistry, publisher: ConfirmPublisher) =>
            new MessagePublisher(settings.transport.service, contracts, publisher),
        },
        {
          provide: RequestClient,
          inject: [BrokerConnection, ContractRegistry, LOGGER],
          useFactory: (connection: BrokerConnection, contracts: ContractRegistry, logger: Logger) =>
            new RequestClient(settings.transport.service, connection, contracts, logger),
        },
        {
          provide: AmqpTransport,
          inject: [BrokerConnection, ContractRegistry, ConfirmPublisher, MessagingMetrics, LOGGER],
          useFactory: (
            connection: BrokerConnection,
            contracts: ContractRegistry,
            publisher: ConfirmPublisher,
            metrics: MessagingMetrics,
            logger: Logger,
          ) =>
            new AmqpTransport(
              settings.transport,
              connection,
              contracts,
              publisher,
              metrics,
              logger,
            ),
        },
      ],
      exports: [
        BrokerConnection,
        ContractRegistry,
        ConfirmPublisher,
        MessagePublisher,
        MessagingMetrics,
        AmqpTransport,
        RequestClient,
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.healthChecks.register(new BrokerHealthCheck(this.connection));
    this.connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.requests.close();
    await this.publisher.close();
    await this.connection.close();
  }
}
