import {
  type DynamicModule,
  Global,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthCheckRegistry, LOGGER, type Logger } from '@toevlucht/observability';
import { BrokerConnection, type BrokerConnectionSettings } from './connection/broker-connection';
import { BrokerHealthCheck } from './connection/broker-health';

/**
 * The service's connection to RabbitMQ and 'broker' in readiness. The connection opens when
 * the application has bootstrapped and closes at application shutdown, after HTTP in-flight
 * work has finished.
 */
@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly connection: BrokerConnection,
    private readonly healthChecks: HealthCheckRegistry,
  ) {}

  static forRoot(settings: BrokerConnectionSettings): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        {
          provide: BrokerConnection,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new BrokerConnection(settings, logger),
        },
      ],
      exports: [BrokerConnection],
    };
  }

  onApplicationBootstrap(): void {
    this.healthChecks.register(new BrokerHealthCheck(this.connection));
    this.connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
