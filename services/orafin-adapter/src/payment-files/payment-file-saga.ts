import { Inject, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '@toevlucht/observability';
import type { CutPaymentBatch } from './cut-payment-batch';
import type { FileDrop } from './file-drop';
import type { ReadOrafinAnswers } from './read-orafin-answers';
import type { UploadPaymentBatches } from './upload-payment-batches';

/** Session-level lock: one replica at a time talks to the drop. */
const DROP_LOCK = 640_002;

export interface SagaTiming {
  readonly uploadIntervalMs: number;
  readonly answerPollIntervalMs: number;
  readonly retryMaxDelayMs: number;
}

export const PAYMENT_FILE_SAGA_PARTS = Symbol('PAYMENT_FILE_SAGA_PARTS');

export interface PaymentFileSagaParts {
  readonly pool: Pool;
  readonly cut: CutPaymentBatch;
  readonly upload: UploadPaymentBatches;
  readonly answers: ReadOrafinAnswers;
  readonly drop: FileDrop;
  /** Whether an InFile waits for upload (no connection is opened when nothing is to be done). */
  readonly hasPrepared: () => Promise<boolean>;
  readonly timing: SagaTiming;
  readonly logger: Logger;
  readonly registry: Registry;
}

/**
 * The payment file saga's clock: every upload interval it cuts pending orders into InFiles and
 * uploads prepared ones; every poll interval it also reads Orafin's answers. A cycle that cannot
 * reach the drop changes nothing and is tried again after a doubling wait, so an outage only
 * delays payments. The state lives in the ledger, so a restart resumes where it stopped.
 */
export class PaymentFileSaga implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private nextPollAt = 0;
  private readonly cycleFailures: Counter;

  constructor(@Inject(PAYMENT_FILE_SAGA_PARTS) private readonly parts: PaymentFileSagaParts) {
    this.cycleFailures = new Counter({
      name: 'toevlucht_orafin_drop_failures_total',
      help: 'Payment file cycles that could not complete because the Orafin drop failed',
      registers: [parts.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.cycle().finally(() => {
        this.running = undefined;
        const { timing } = this.parts;
        const backoff = Math.min(
          timing.uploadIntervalMs * 2 ** Math.min(this.failures, 16),
          timing.retryMaxDelayMs,
        );
        this.schedule(this.failures === 0 ? timing.uploadIntervalMs : backoff);
      });
    }, delayMs);
  }

  private async cycle(): Promise<void> {
    const { pool, cut, upload, answers, drop, timing, logger, hasPrepared } = this.parts;
    let lock;
    try {
      lock = await pool.connect();
    } catch (error) {
      this.failed(error, 'database');
      return;
    }
    // The drop lock lives as long as this connection. If the connection dies, the server frees
    // the lock and another replica may take it: this cycle's SFTP session must end at once
    // instead of uploading alongside that replica.
    const lockLost = new AbortController();
    const onLockLost = () => {
      logger.warn(
        'the database connection holding the drop lock was lost; ending the SFTP session',
      );
      lockLost.abort(new Error('the database connection holding the drop lock was lost'));
    };
    lock.on('error', onLockLost);
    try {
      const { rows } = await lock.query<{ got: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS got',
        [DROP_LOCK],
      );
      if (rows[0]?.got !== true) return;
      try {
        await cut.run(new Date());
        const pollDue = Date.now() >= this.nextPollAt;
        if (!pollDue && !(await hasPrepared())) return;
        const uploaded = await drop.session(async (session) => {
          const count = await upload.execute(session);
          if (pollDue) await answers.execute(session);
          return count;
        }, lockLost.signal);
        if (pollDue) this.nextPollAt = Date.now() + timing.answerPollIntervalMs;
        if (this.failures > 0) logger.info({ after: this.failures }, 'Orafin drop reachable again');
        this.failures = 0;
        if (uploaded > 0) logger.debug({ uploaded }, 'payment file cycle done');
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [DROP_LOCK]);
      }
    } catch (error) {
      this.failed(error, 'drop');
    } finally {
      lock.off('error', onLockLost);
      lock.release();
    }
  }

  private failed(error: unknown, where: string): void {
    this.failures += 1;
    this.cycleFailures.inc();
    // The first failure and then every tenth: an outage must be visible, not flood the log.
    if (this.failures === 1 || this.failures % 10 === 0) {
      this.parts.logger.warn(
        { err: error, where, consecutiveFailures: this.failures },
        'payment file cycle failed; will retry',
      );
    }
  }
}
