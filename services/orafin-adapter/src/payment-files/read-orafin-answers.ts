import { createHash } from 'node:crypto';
import type { Outbox } from '@toevlucht/messaging';
import type { Logger } from '@toevlucht/observability';
import type { Transaction, TransactionRunner } from '@toevlucht/persistence';
import type {
  OrafinPaymentOrderAcceptedV1,
  OrafinPaymentOrderPaidV1,
  OrafinPaymentOrderRejectedV1,
} from '../../../../contracts/generated/message-payloads';
import { awaitsBetFileAnswer, awaitsOutFileAnswer } from '../payment-orders/domain/order-status';
import type {
  LedgerEntry,
  PaymentOrderRepository,
} from '../payment-orders/payment-order.repository';
import {
  InvalidPaymentFileError,
  type OrafinBetFile,
  type OrafinOutFile,
  type PaymentFileFormat,
} from './domain/payment-file-format';
import type { DropSession } from './file-drop';
import type { PaymentBatchRepository } from './payment-batch.repository';
import type { DropFolders } from './upload-payment-batches';

export type AnswerOutcome = 'processed' | 'invalid' | 'already-processed';

/**
 * Reads Orafin's OutFiles and BetFiles. Each file is applied in one transaction that records
 * it (by name), moves its orders forward and writes their events to the outbox; only then is it
 * moved to the archive folder. A crash anywhere in between leaves either nothing applied (the
 * file is read again) or the file recorded (it is only archived): never an event twice. A file
 * that fails any check is applied not at all, kept in the database, and left where it is.
 */
export class ReadOrafinAnswers {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: PaymentOrderRepository,
    private readonly batches: PaymentBatchRepository,
    private readonly format: PaymentFileFormat,
    private readonly outbox: Outbox,
    private readonly folders: DropFolders,
    private readonly logger: Logger,
    private readonly onFile: (kind: string, outcome: AnswerOutcome) => void = () => undefined,
  ) {}

  async execute(session: DropSession): Promise<void> {
    const answers = (await session.list(this.folders.outbound))
      .map((name) => ({ name, kind: this.format.classify(name) }))
      .filter(
        (file): file is { name: string; kind: NonNullable<typeof file.kind> } => file.kind !== null,
      )
      // An InFile's OutFile before its BetFile, whatever the names sort to.
      .sort((a, b) => a.kind.sequence - b.kind.sequence || (a.kind.kind === 'out' ? -1 : 1));
    for (const { name, kind } of answers) {
      const content = await session.read(`${this.folders.outbound}/${name}`);
      const outcome = await this.apply(name, kind, content);
      if (outcome === null) continue;
      this.onFile(kind.kind, outcome);
      if (outcome !== 'invalid') {
        await session.move(`${this.folders.outbound}/${name}`, `${this.folders.archive}/${name}`);
      }
    }
  }

  /**
   * null: nothing to do now (an invalid file seen before with the same content, or a BetFile
   * whose OutFile has not been applied).
   */
  private async apply(
    name: string,
    kind: { kind: 'out' | 'bet'; sequence: number },
    content: string,
  ): Promise<AnswerOutcome | null> {
    const sha = createHash('sha256').update(content, 'latin1').digest('hex');
    const record = { fileName: name, kind: kind.kind, sequence: kind.sequence, content };
    try {
      return await this.transactions.run(async (tx) => {
        const known = await this.batches.receivedFile(tx, name);
        if (known?.outcome === 'processed') return 'already-processed' as const;
        if (known?.outcome === 'invalid' && known.contentSha256 === sha) return null;
        // Executions only count for orders whose acceptance was read: until the OutFile is
        // applied (it may be invalid and await a corrected one), the BetFile waits in place.
        if (kind.kind === 'bet' && !(await this.batches.isAnswered(tx, kind.sequence))) return null;
        if (kind.kind === 'out') await this.applyOutFile(tx, this.format.readOutFile(content));
        else await this.applyBetFile(tx, this.format.readBetFile(content));
        await this.batches.recordReceivedFile(tx, {
          ...record,
          outcome: 'processed',
          detail: null,
          contentSha256: sha,
        });
        return 'processed' as const;
      });
    } catch (error) {
      if (!(error instanceof InvalidPaymentFileError)) throw error;
      // The transaction above rolled back: nothing of this file is applied, no event written.
      this.logger.error(
        { file: name, code: error.code, problem: error.message },
        'invalid answer file: nothing in it applied',
      );
      await this.transactions.run((tx) =>
        this.batches.recordReceivedFile(tx, {
          ...record,
          outcome: 'invalid',
          detail: `${error.code}: ${error.message}`,
          contentSha256: sha,
        }),
      );
      return 'invalid';
    }
  }

  private async applyOutFile(tx: Transaction, file: OrafinOutFile): Promise<void> {
    const orders = await this.ordersOf(tx, file.sequence, file.records);
    if (file.fileRejection !== null) {
      for (const order of orders.values()) {
        if (!awaitsOutFileAnswer(order.status)) continue;
        await this.reject(
          tx,
          order,
          'orafin',
          file.fileRejection.code,
          file.fileRejection.text,
          file.sequence,
        );
      }
    }
    for (const answer of file.records) {
      const order = orders.get(answer.reference)!;
      if (!awaitsOutFileAnswer(order.status)) continue;
      if (!answer.accepted) {
        await this.reject(tx, order, 'orafin', answer.reasonCode, answer.reasonText, file.sequence);
        continue;
      }
      await this.orders.setOutcome(tx, order.reference, { status: 'accepted' });
      await this.outbox.publish<OrafinPaymentOrderAcceptedV1>(
        tx,
        'orafin.payment-order.accepted.v1',
        { ...identity(order), fileSequence: file.sequence },
        { aggregateKey: order.submittedReference },
      );
    }
    await this.batches.markUploaded(tx, file.sequence);
    await this.batches.markAnswered(tx, file.sequence);
  }

  private async applyBetFile(tx: Transaction, file: OrafinBetFile): Promise<void> {
    const orders = await this.ordersOf(tx, file.sequence, file.records);
    for (const execution of file.records) {
      const order = orders.get(execution.reference)!;
      if (execution.amountCents !== order.amountCents) {
        throw new InvalidPaymentFileError('AMOUNT', 'a record pays another amount than ordered');
      }
    }
    for (const execution of file.records) {
      const order = orders.get(execution.reference)!;
      if (!awaitsBetFileAnswer(order.status)) continue;
      if (!execution.paid) {
        await this.reject(
          tx,
          order,
          'execution',
          execution.reasonCode,
          execution.reasonText,
          file.sequence,
          'refused',
        );
        continue;
      }
      await this.orders.setOutcome(tx, order.reference, {
        status: 'paid',
        executionDate: execution.executionDate,
      });
      await this.outbox.publish<OrafinPaymentOrderPaidV1>(
        tx,
        'orafin.payment-order.paid.v1',
        {
          ...identity(order),
          amountCents: order.amountCents,
          executionDate: execution.executionDate,
          fileSequence: file.sequence,
        },
        { aggregateKey: order.submittedReference },
      );
    }
  }

  /** The batch's orders; a record naming an order outside this file makes the file invalid. */
  private async ordersOf(
    tx: Transaction,
    sequence: number,
    records: readonly { reference: string }[],
  ): Promise<Map<string, LedgerEntry>> {
    if (!(await this.batches.exists(tx, sequence))) {
      throw new InvalidPaymentFileError('SEQUENCE', 'the file answers an InFile never sent');
    }
    const orders = new Map((await this.orders.ofBatch(tx, sequence)).map((o) => [o.reference, o]));
    if (records.some((record) => !orders.has(record.reference))) {
      throw new InvalidPaymentFileError('REFERENCE', 'a record names an order not in that InFile');
    }
    return orders;
  }

  private async reject(
    tx: Transaction,
    order: LedgerEntry,
    stage: 'orafin' | 'execution',
    reasonCode: string,
    reason: string,
    fileSequence: number,
    status: 'rejected' | 'refused' = 'rejected',
  ): Promise<void> {
    const code = reasonCode === '' ? 'UNSPECIFIED' : reasonCode;
    await this.orders.setOutcome(tx, order.reference, { status, reasonCode: code, reason });
    await this.outbox.publish<OrafinPaymentOrderRejectedV1>(
      tx,
      'orafin.payment-order.rejected.v1',
      { ...identity(order), stage, reasonCode: code, reason: reason.slice(0, 200), fileSequence },
      { aggregateKey: order.submittedReference },
    );
  }
}

function identity(order: LedgerEntry) {
  return {
    paymentReference: order.submittedReference,
    idempotencyKey: order.idempotencyKey,
    requester: order.requester,
  };
}
