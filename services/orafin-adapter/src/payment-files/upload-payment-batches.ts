import type { Logger } from '@toevlucht/observability';
import type { TransactionRunner } from '@toevlucht/persistence';
import type { PaymentOrderRepository } from '../payment-orders/payment-order.repository';
import type { PaymentFileFormat } from './domain/payment-file-format';
import type { DropSession } from './file-drop';
import type { PaymentBatchRepository } from './payment-batch.repository';

export interface DropFolders {
  readonly inbound: string;
  readonly outbound: string;
  readonly archive: string;
}

/**
 * Uploads every prepared InFile, oldest first. Whether a file already reached Orafin is decided
 * by what Orafin holds (the file under its final name, or its OutFile), never by assumption: a
 * crash after the upload and before the ledger update leads to recognising the file, not to
 * sending it again.
 */
export class UploadPaymentBatches {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: PaymentOrderRepository,
    private readonly batches: PaymentBatchRepository,
    private readonly format: PaymentFileFormat,
    private readonly folders: DropFolders,
    private readonly logger: Logger,
    private readonly onUploaded: (outcome: 'written' | 'already-there') => void = () => undefined,
  ) {}

  /** Stops at the first failure (rethrown), so files reach Orafin in sequence order. */
  async execute(session: DropSession): Promise<number> {
    const prepared = await this.transactions.run((tx) => this.batches.prepared(tx));
    for (const batch of prepared) {
      const outFile = this.format.outFileName(batch.sequence);
      let outcome: 'written' | 'already-there';
      try {
        const answered =
          (await session.exists(`${this.folders.outbound}/${outFile}`)) ||
          (await session.exists(`${this.folders.archive}/${outFile}`));
        outcome = answered
          ? 'already-there'
          : await session.uploadAtomically(this.folders.inbound, batch.fileName, batch.content);
      } catch (error) {
        await this.transactions.run((tx) =>
          this.batches.recordUploadFailure(tx, batch.sequence, (error as Error).message),
        );
        throw error;
      }
      await this.transactions.run(async (tx) => {
        await this.batches.markUploaded(tx, batch.sequence);
        await this.orders.markSent(tx, batch.sequence);
      });
      this.onUploaded(outcome);
      this.logger.info({ file: batch.fileName, outcome }, 'InFile uploaded');
    }
    return prepared.length;
  }
}
