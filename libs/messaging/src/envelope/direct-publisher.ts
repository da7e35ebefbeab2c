import type { ContractRegistry } from '../contracts/contract-registry';
import type { ConfirmPublisher } from '../publisher/confirm-publisher';
import { exchangeFor } from '../topology/topology';
import { encodeData, toPublishOptions } from './amqp-envelope';
import { createEnvelope } from './create-envelope';
import type { Envelope } from './envelope';

/**
 * Publishing without a database, for the stateless adapters: validated, enveloped, confirmed.
 * An adapter publishes its result before it acks the command, so a crash in between repeats
 * the result (consumers' inboxes absorb it) rather than losing it. Services with state use the
 * Outbox instead, so that state and messages commit together.
 */
export class MessagePublisher {
  constructor(
    private readonly service: string,
    private readonly contracts: ContractRegistry,
    private readonly publisher: ConfirmPublisher,
  ) {}

  async publish<T>(type: string, data: T, correlationId?: string): Promise<Envelope<T>> {
    const contract = this.contracts.requirePublishable(type, data);
    const envelope = createEnvelope(this.service, type, data, {
      schemaId: contract.schemaId,
      ...(correlationId === undefined ? {} : { correlationId }),
    });
    await this.publisher.publish(
      exchangeFor(contract.kind),
      type,
      encodeData(data),
      toPublishOptions(envelope),
    );
    return envelope;
  }
}
