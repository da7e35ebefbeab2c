import {
  type DynamicModule,
  Global,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthCheckRegistry, LOGGER, type Logger } from '@toevlucht/observability';
import type { BrokerConnectionSettings } from './connection/broker-connection';
import { BrokerConnections } from './connection/broker-connections';
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
 * RabbitMQ for one service: the connections, one consuming and one publishing ('broker' in
 * readiness while either is down or the queues are not declared yet), the contracts, a confirmed
 * publisher, the direct MessagePublisher, the metrics, and the AmqpTransport that runService
 * connects as the app's microservice. The connections open once the app has bootstrapped and
 * close at application shutdown, after HTTP requests and message handlers have finished.
 */
@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly connections: BrokerConnections,
    private readonly publisher: ConfirmPublisher,
    private readonly requests: RequestClient,
    private readonly healthChecks: HealthCheckRegistry,
    private readonly transport: AmqpTransport,
  ) {}

  static forRoot(settings: MessagingSettings): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: ContractRegistry, useValue: settings.contracts },
        {
          provide: BrokerConnections,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new BrokerConnections(settings.connection, logger),
        },
        {
          provide: MessagingMetrics,
          inject: [Registry],
          useFactory: (registry: Registry) => new MessagingMetrics(registry),
        },
        {
          provide: ConfirmPublisher,
          inject: [BrokerConnections, LOGGER, MessagingMetrics],
          useFactory: (connections: BrokerConnections, logger: Logger, metrics: MessagingMetrics) =>
            new ConfirmPublisher(connections.publishing, settings.publisher, logger, metrics),
        },
        {
          provide: MessagePublisher,
          inject: [ContractRegistry, ConfirmPublisher],
          useFactory: (contracts: ContractRegistry, publisher: ConfirmPublisher) =>
            new MessagePublisher(settings.transport.service, contracts, publisher),
        },
        {
          provide: RequestClient,
          inject: [BrokerConnections, ContractRegistry, LOGGER],
          useFactory: (
            connections: BrokerConnections,
            contracts: ContractRegistry,
            logger: Logger,
          ) =>
            new RequestClient(
              settings.transport.service,
              connections.publishing,
              contracts,
              logger,
            ),
        },
        {
          provide: AmqpTransport,
          inject: [BrokerConnections, ContractRegistry, ConfirmPublisher, MessagingMetrics, LOGGER],
          useFactory: (
            connections: BrokerConnections,
            contracts: ContractRegistry,
            publisher: ConfirmPublisher,
            metrics: MessagingMetrics,
            logger: Logger,
          ) =>
            new AmqpTransport(
              settings.transport,
              connections,
              contracts,
              publisher,
              metrics,
              logger,
            ),
        },
      ],
      exports: [
        BrokerConnections,
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
    this.healthChecks.register(
      new BrokerHealthCheck(this.connections, () => this.transport.topologyDeclared),
    );
    this.connections.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.requests.close();
    await this.publisher.close();
    await this.connections.close();
  }
}
