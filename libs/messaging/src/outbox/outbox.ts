import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Transaction } from '@toevlucht/persistence';
import { currentRequestContext } from '@toevlucht/observability';
import type { ContractRegistry } from '../contracts/contract-registry';
import { InvalidMessageError } from '../consumer/message-errors';
import { type Envelope, SPEC_VERSION, sourceOf } from '../envelope/envelope';
import { exchangeFor } from '../topology/topology';
import { outbox } from '../persistence/tables';

export const OUTBOX_CHANNEL = 'toevlucht_outbox';

export interface PublishOptions {
  /** Messages with the same key are published in the order they were written. */
  readonly aggregateKey?: string;
  /** Overrides the correlation id taken from the request or message being handled. */
  readonly correlationId?: string;
}

/**
 * The transactional outbox. `publish(tx, type, data)` validates the payload against its schema
 * (an invalid payload is a bug and throws), fills the envelope from the work in progress
 * (correlation and causation), and writes it in the caller's transaction: the message exists
 * exactly when the state change that caused it commits. The relay publishes it afterwards.
 */
export class Outbox {
  constructor(
    private readonly service: string,
    private readonly contracts: ContractRegistry,
  ) {}

  async publish<T>(
    tx: Transaction,
    type: string,
    data: T,
    options: PublishOptions = {},
  ): Promise<Envelope<T>> {
    const contract = this.contracts.get(type);
    if (contract === undefined)
      throw new InvalidMessageError(type, ['no schema for this message type in contracts/']);
    const validation = this.contracts.validate(type, data);
    if (!validation.valid) throw new InvalidMessageError(type, validation.errors);

    const context = currentRequestContext();
    const id = randomUUID();
    const envelope: Envelope<T> = {
      id,
      type,
      source: sourceOf(this.service),
      time: new Date().toISOString(),
      specversion: SPEC_VERSION,
      dataschema: contract.schemaId,
      correlationId: options.correlationId ?? context?.correlationId ?? context?.requestId ?? id,
      ...(context === undefined ? {} : { causationId: context.requestId }),
      data,
    };
    const { data: _data, ...attributes } = envelope;
    await tx.insert(outbox).values({
      id,
      exchange: exchangeFor(contract.kind),
      routingKey: type,
      headers: attributes,
      payload: data,
      aggregateKey: options.aggregateKey ?? null,
    });
    // Delivered to the relay's LISTEN only when the transaction commits.
    await tx.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
    return envelope;
  }
}
