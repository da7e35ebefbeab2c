import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';
import type { Envelope } from '../envelope/envelope';

type AmqpContextArgs = [Envelope, string, number, ConsumeMessage];

/** What a handler may want beyond the payload: `@Ctx() context: AmqpContext`. */
export class AmqpContext extends BaseRpcContext<AmqpContextArgs> {
  get envelope(): Envelope {
    return this.args[0];
  }

  /** The work queue the message came from; also the inbox's consumer name. */
  get queue(): string {
    return this.args[1];
  }

  /** 1 for the first delivery, 2 after the first retry, … */
  get attempt(): number {
    return this.args[2];
  }

  get message(): ConsumeMessage {
    return this.args[3];
  }
}
