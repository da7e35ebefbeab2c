import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { Outbox } from '@toevlucht/messaging';
import { HealthCheckRegistry, LOGGER, type Logger } from '@toevlucht/observability';
import { PG_POOL, TransactionRunner } from '@toevlucht/persistence';
import {
  Breaker,
  BreakerMetrics,
  breakerHealthCheck,
  loadBreakerSettings,
} from '@toevlucht/resilience';
import { announceBreakerChanges } from './breaker/breaker-announcer';
import { CutPaymentBatch } from './payment-files/cut-payment-batch';
import { PaymentBatchRepository } from './payment-files/payment-batch.repository';
import {
  PAYMENT_FILE_SAGA_PARTS,
  PaymentFileSaga,
  type PaymentFileSagaParts,
} from './payment-files/payment-file-saga';
import { GuardedFileDrop } from './payment-files/guarded-file-drop';
import { ReadOrafinAnswers } from './payment-files/read-orafin-answers';
import { Ssh2FileDrop } from './payment-files/ssh2-file-drop';
import { ToevluchtFileFormat } from './payment-files/toevlucht-file-format';
import { UploadPaymentBatches } from './payment-files/upload-payment-batches';
import { PaymentOrderRepository } from './payment-orders/payment-order.repository';
import { SubmitPaymentOrder } from './payment-orders/submit-payment-order';
import { SubmitPaymentOrderHandler } from './payment-orders/submit-payment-order.handler';
import { loadOrafinSettings, type OrafinSettings } from './orafin-settings';

const ORAFIN_SETTINGS = Symbol('ORAFIN_SETTINGS');
const ORAFIN_BREAKER = Symbol('ORAFIN_BREAKER');

/** Ends the breaker's waits and timers at shutdown. */
class BreakerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ORAFIN_BREAKER) private readonly breaker: Breaker) {}

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}

/**
 * The orafin-adapter: the submit handler records orders in the ledger; the payment file saga
 * cuts them into InFiles, uploads them to Orafin's SFTP drop and reads the answers.
 */
@Module({
  controllers: [SubmitPaymentOrderHandler],
  providers: [
    { provide: ORAFIN_SETTINGS, useFactory: () => loadOrafinSettings(process.env) },
    PaymentOrderRepository,
    PaymentBatchRepository,
    {
      // One breaker for the drop: a session (connect, upload, read answers) is one call. Its
      // timeout bounds a whole session; each SFTP request has its own, shorter one.
      provide: ORAFIN_BREAKER,
      inject: [Registry, HealthCheckRegistry, TransactionRunner, Outbox, LOGGER],
      useFactory: (
        registry: Registry,
        health: HealthCheckRegistry,
        transactions: TransactionRunner,
        outbox: Outbox,
        logger: Logger,
      ) => {
        const breaker = new Breaker({
          settings: loadBreakerSettings('orafin.sftp', 'ORAFIN_SFTP', process.env, {
            timeoutMs: 120_000,
            slowCallMs: 60_000,
            volumeThreshold: 3,
            errorThresholdPercentage: 50,
            resetTimeoutMs: 10_000,
            firstResetTimeoutMs: 1_000,
            rollingWindowMs: 60_000,
            maxConcurrent: 1,
          }),
          metrics: BreakerMetrics.of(registry),
        });
        health.register(breakerHealthCheck(breaker));
        announceBreakerChanges('orafin-adapter', breaker, transactions, outbox, logger);
        return breaker;
      },
    },
    BreakerLifecycle,
    {
      provide: SubmitPaymentOrder,
      inject: [PaymentOrderRepository, Outbox],
      useFactory: (orders: PaymentOrderRepository, outbox: Outbox) =>
        new SubmitPaymentOrder(orders, outbox),
    },
    {
      provide: PAYMENT_FILE_SAGA_PARTS,
      inject: [
        ORAFIN_SETTINGS,
        ORAFIN_BREAKER,
        PG_POOL,
        TransactionRunner,
        PaymentOrderRepository,
        PaymentBatchRepository,
        Outbox,
        LOGGER,
        Registry,
      ],
      useFactory: (
        settings: OrafinSettings,
        breaker: Breaker,
        pool: Pool,
        transactions: TransactionRunner,
        orders: PaymentOrderRepository,
        batches: PaymentBatchRepository,
        outbox: Outbox,
        logger: Logger,
        registry: Registry,
      ): PaymentFileSagaParts => {
        const format = new ToevluchtFileFormat(settings.senderId);
        return {
          pool,
          cut: new CutPaymentBatch(transactions, orders, batches, format, settings.batch),
          upload: new UploadPaymentBatches(
            transactions,
            orders,
            batches,
            format,
            settings.folders,
            logger,
          ),
          answers: new ReadOrafinAnswers(
            transactions,
            orders,
            batches,
            format,
            outbox,
            settings.folders,
            logger,
          ),
          drop: new GuardedFileDrop(new Ssh2FileDrop(settings.sftp), breaker),
          hasPrepared: () => transactions.run((tx) => batches.hasPrepared(tx)),
          timing: settings,
          logger,
          registry,
        };
      },
    },
    PaymentFileSaga,
  ],
})
export class OrafinAdapterModule {}
