import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { LOGGER, type Logger } from '@toevlucht/observability';
import { PG_POOL, TransactionRunner } from '@toevlucht/persistence';
import { BrokerConnections } from '../connection/broker-connections';
import { ContractRegistry } from '../contracts/contract-registry';
import { Inbox } from '../inbox/inbox';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { ConfirmPublisher } from '../publisher/confirm-publisher';
import { Outbox } from './outbox';
import { OutboxRelay, type OutboxRelaySettings } from './outbox-relay';

/**
 * The outbox, its relay and the inbox, for services that own a database (imported after
 * PersistenceModule and MessagingModule). The relay starts when the app has bootstrapped and
 * stops at shutdown after finishing its batch; rows it did not get to wait for the next start.
 */
/** How long the inbox remembers a handled message: far beyond any redelivery or replay. */
const INBOX_RETENTION_MS = 30 * 24 * 3_600_000;

@Global()
@Module({})
export class OutboxModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(BrokerConnections) private readonly connections: BrokerConnections,
  ) {}

  static forRoot(service: string, settings: OutboxRelaySettings): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        {
          provide: Outbox,
          inject: [ContractRegistry],
          useFactory: (contracts: ContractRegistry) => new Outbox(service, contracts),
        },
        {
          provide: OutboxRelay,
          inject: [PG_POOL, ConfirmPublisher, LOGGER, MessagingMetrics],
          useFactory: (
            pool: Pool,
            publisher: ConfirmPublisher,
            logger: Logger,
            metrics: MessagingMetrics,
          ) => new OutboxRelay(pool, publisher, settings, logger, metrics),
        },
        {
          provide: Inbox,
          inject: [TransactionRunner, MessagingMetrics],
          useFactory: (transactions: TransactionRunner, metrics: MessagingMetrics) =>
            new Inbox(transactions, metrics),
        },
      ],
      exports: [Outbox, OutboxRelay, Inbox],
    };
  }

  private inboxPruning: NodeJS.Timeout | undefined;

  onApplicationBootstrap(): void {
    this.inboxPruning = setInterval(() => {
      this.inbox.prune(INBOX_RETENTION_MS).catch(() => undefined);
    }, 3_600_000);
    this.inboxPruning.unref();
    this.outbox.whenCommitted(() => void this.relay.wake());
    // The relay publishes: what waited while the publishing connection was down goes now.
    this.connections.publishing.on('connected', () => void this.relay.wake());
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.inboxPruning);
    await this.relay.stop();
  }
}
