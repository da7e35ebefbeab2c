import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type AmqpContext, Inbox } from '@toevlucht/messaging';
import { LOGGER, type Logger } from '@toevlucht/observability';
import type { OrafinPaymentOrderSubmitV1 } from '../../../../contracts/generated/message-payloads';
import { SubmitPaymentOrder } from './submit-payment-order';

/**
 * Takes orafin.payment-order.submit.v1. It only writes the ledger, never calls Orafin, so it
 * keeps consuming while Orafin is down: orders wait in the ledger, not in the queue.
 */
@Controller()
export class SubmitPaymentOrderHandler {
  constructor(
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(SubmitPaymentOrder) private readonly submit: SubmitPaymentOrder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern<string>('orafin.payment-order.submit.v1')
  async handle(
    @Payload() command: OrafinPaymentOrderSubmitV1,
    @Ctx() context: AmqpContext,
  ): Promise<void> {
    let outcome = 'duplicate message';
    await this.inbox.handleOnce(context, async (tx) => {
      outcome = await this.submit.execute(tx, command);
    });
    this.logger.info({ paymentReference: command.paymentReference, outcome }, 'payment order');
  }
}
