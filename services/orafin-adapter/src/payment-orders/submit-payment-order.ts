import type { Outbox } from '@toevlucht/messaging';
import type { Transaction } from '@toevlucht/persistence';
import type {
  OrafinPaymentOrderRejectedV1,
  OrafinPaymentOrderSubmitV1,
} from '../../../../contracts/generated/message-payloads';
import {
  CONFLICT_REASONS,
  decideAgainstLedger,
  validatePaymentOrder,
} from './domain/payment-order';
import type { PaymentOrderRepository } from './payment-order.repository';

export type SubmitOutcome = 'recorded' | 'already-recorded' | 'rejected';

/**
 * Records a payment order in the ledger, in the caller's transaction (the inbox's): nothing
 * about it leaves the adapter before this commits. Invalid orders and orders that clash with
 * the ledger are answered with orafin.payment-order.rejected.v1 (stage validation).
 */
export class SubmitPaymentOrder {
  constructor(
    private readonly orders: PaymentOrderRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(tx: Transaction, command: OrafinPaymentOrderSubmitV1): Promise<SubmitOutcome> {
    const validated = validatePaymentOrder(command);
    if (!validated.valid) {
      await this.reject(tx, command, validated.reasonCode, validated.reason);
      return 'rejected';
    }
    const order = validated.order;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const decision = decideAgainstLedger(
        order,
        await this.orders.findByReference(tx, order.reference),
        await this.orders.findByKey(tx, order.idempotencyKey),
      );
      switch (decision.kind) {
        case 'already-recorded':
          return 'already-recorded';
        case 'conflict':
          await this.reject(
            tx,
            command,
            decision.reasonCode,
            CONFLICT_REASONS[decision.reasonCode],
          );
          return 'rejected';
        case 'record':
          // A concurrent transaction may record the same reference or key first; the insert
          // then waits for it and does nothing, and the second look sees its row.
          if (await this.orders.insert(tx, order)) return 'recorded';
      }
    }
    throw new Error('the payment order could not be recorded nor found');
  }

  private async reject(
    tx: Transaction,
    command: OrafinPaymentOrderSubmitV1,
    reasonCode: string,
    reason: string,
  ): Promise<void> {
    await this.outbox.publish<OrafinPaymentOrderRejectedV1>(
      tx,
      'orafin.payment-order.rejected.v1',
      {
        paymentReference: command.paymentReference,
        idempotencyKey: command.idempotencyKey,
        requester: command.requester,
        stage: 'validation',
        reasonCode,
        reason,
      },
      { aggregateKey: command.paymentReference },
    );
  }
}
