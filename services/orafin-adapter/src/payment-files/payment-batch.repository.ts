import { asc, eq, max, sql } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import { paymentBatches, receivedFiles } from '../persistence/schema';

export interface PreparedBatch {
  readonly sequence: number;
  readonly fileName: string;
  readonly content: string;
}

/** InFiles written and answer files read; the only code that touches those two tables. */
export class PaymentBatchRepository {
  async nextSequence(tx: Transaction): Promise<number> {
    const [row] = await tx.select({ last: max(paymentBatches.sequence) }).from(paymentBatches);
    return (row?.last ?? 0) + 1;
  }

  async insert(
    tx: Transaction,
    batch: PreparedBatch & { recordCount: number; totalCents: number },
  ): Promise<void> {
    await tx.insert(paymentBatches).values({ ...batch, status: 'prepared' });
  }

  /** InFiles written but not known to be uploaded, oldest first. */
  async prepared(tx: Transaction): Promise<PreparedBatch[]> {
    return tx
      .select({
        sequence: paymentBatches.sequence,
        fileName: paymentBatches.fileName,
        content: paymentBatches.content,
      })
      .from(paymentBatches)
      .where(eq(paymentBatches.status, 'prepared'))
      .orderBy(asc(paymentBatches.sequence));
  }

  async hasPrepared(tx: Transaction): Promise<boolean> {
    const rows = await tx
      .select({ sequence: paymentBatches.sequence })
      .from(paymentBatches)
      .where(eq(paymentBatches.status, 'prepared'))
      .limit(1);
    return rows.length > 0;
  }

  async markUploaded(tx: Transaction, sequence: number): Promise<void> {
    await tx
      .update(paymentBatches)
      .set({ status: 'uploaded', uploadedAt: sql`now()`, lastError: null })
      .where(
        sql`${paymentBatches.sequence} = ${sequence} AND ${paymentBatches.status} = 'prepared'`,
      );
  }

  async recordUploadFailure(tx: Transaction, sequence: number, error: string): Promise<void> {
    await tx
      .update(paymentBatches)
      .set({ uploadAttempts: sql`${paymentBatches.uploadAttempts} + 1`, lastError: error })
      .where(eq(paymentBatches.sequence, sequence));
  }

  async markAnswered(tx: Transaction, sequence: number): Promise<void> {
    await tx
      .update(paymentBatches)
      .set({ status: 'answered', answeredAt: sql`now()` })
      .where(eq(paymentBatches.sequence, sequence));
  }

  async isAnswered(tx: Transaction, sequence: number): Promise<boolean> {
    const rows = await tx
      .select({ status: paymentBatches.status })
      .from(paymentBatches)
      .where(eq(paymentBatches.sequence, sequence));
    return rows[0]?.status === 'answered';
  }

  async exists(tx: Transaction, sequence: number): Promise<boolean> {
    const rows = await tx
      .select({ sequence: paymentBatches.sequence })
      .from(paymentBatches)
      .where(eq(paymentBatches.sequence, sequence));
    return rows.length === 1;
  }

  async receivedFile(
    tx: Transaction,
    fileName: string,
  ): Promise<{ outcome: string; contentSha256: string } | undefined> {
    const rows = await tx
      .select({ outcome: receivedFiles.outcome, contentSha256: receivedFiles.contentSha256 })
      .from(receivedFiles)
      .where(eq(receivedFiles.fileName, fileName))
      .for('update');
    return rows[0];
  }

  /** Records an answer file's reading; a second reading of the same name replaces an invalid one. */
  async recordReceivedFile(
    tx: Transaction,
    file: {
      fileName: string;
      kind: string;
      sequence: number;
      outcome: 'processed' | 'invalid';
      detail: string | null;
      contentSha256: string;
      content: string;
    },
  ): Promise<void> {
    await tx
      .insert(receivedFiles)
      .values(file)
      .onConflictDoUpdate({
        target: receivedFiles.fileName,
        set: {
          outcome: file.outcome,
          detail: file.detail,
          contentSha256: file.contentSha256,
          content: file.content,
          receivedAt: sql`now()`,
        },
      });
  }
}
