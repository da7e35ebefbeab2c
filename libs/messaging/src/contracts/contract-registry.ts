import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { InvalidMessageError } from '../consumer/message-errors';

/** event → toevlucht.events; command → toevlucht.commands; reply → straight back to a requester. */
export type MessageKind = 'event' | 'command' | 'reply';

/** What contracts/ says about one message type. */
export interface MessageContract {
  readonly type: string;
  readonly kind: MessageKind;
  /** The `$id` of its schema; sent as the CloudEvents `dataschema`. */
  readonly schemaId: string;
  /** The service that publishes the event or owns (consumes) the command. */
  readonly owner: string;
  /** For a command answered by request/reply (`@MessagePattern`): the type of its reply. */
  readonly replyType?: string;
}

export type ValidationResult =
  { readonly valid: true } | { readonly valid: false; readonly errors: string[] };

interface MessageSchema {
  readonly $id?: unknown;
  readonly 'x-toevlucht-type'?: unknown;
  readonly 'x-toevlucht-kind'?: unknown;
  readonly 'x-toevlucht-owner'?: unknown;
  readonly 'x-toevlucht-reply-type'?: unknown;
}

/**
 * The message types this process knows, from their JSON Schemas (2020-12) in contracts/.
 * Each schema names its type, kind (event → toevlucht.events, command → toevlucht.commands)
 * and owner in `x-toevlucht-*` keywords. Validation errors are messages about the payload's
 * shape, and never repeat its values (they may be personal data).
 */
export class ContractRegistry {
  // The contract and its compiled validator apart, so that `get`, called for every message
  // published and consumed, hands out the same frozen object instead of a copy.
  private readonly contracts = new Map<
    string,
    { readonly contract: MessageContract; readonly validate: ValidateFunction }
  >();

  private constructor(schemas: readonly MessageSchema[]) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    for (const keyword of [
      'x-toevlucht-type',
      'x-toevlucht-kind',
      'x-toevlucht-owner',
      'x-toevlucht-reply-type',
      'x-personal-data',
    ]) {
      ajv.addKeyword(keyword);
    }
    for (const schema of schemas) {
      const contract = contractOf(schema);
      if (this.contracts.has(contract.type))
        throw new Error(`Two schemas for message type ${contract.type}`);
      this.contracts.set(contract.type, {
        contract: Object.freeze(contract),
        validate: ajv.compile(schema as SchemaObject),
      });
    }
  }

  /** All `*.schema.json` files in a folder (not recursive). */
  static fromDirectory(directory: string): ContractRegistry {
    const files = readdirSync(directory).filter((file) => file.endsWith('.schema.json'));
    return new ContractRegistry(
      files.map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as MessageSchema),
    );
  }

  static fromSchemas(schemas: readonly object[]): ContractRegistry {
    return new ContractRegistry(schemas);
  }

  /** Several registries as one (e.g. the project's contracts plus a test's). */
  static merge(...registries: ContractRegistry[]): ContractRegistry {
    const merged = new ContractRegistry([]);
    for (const registry of registries) {
      for (const [type, contract] of registry.contracts) {
        if (merged.contracts.has(type)) throw new Error(`Two schemas for message type ${type}`);
        merged.contracts.set(type, contract);
      }
    }
    return merged;
  }

  get(type: string): MessageContract | undefined {
    return this.contracts.get(type)?.contract;
  }

  types(): string[] {
    return [...this.contracts.keys()].sort();
  }

  /**
   * The contract of a message about to be published, after checking its payload: an unknown
   * type or an invalid payload is a bug in the publisher and throws InvalidMessageError.
   */
  requirePublishable(type: string, data: unknown): MessageContract {
    const found = this.contracts.get(type);
    if (found === undefined) {
      throw new InvalidMessageError(type, ['no schema for this message type in contracts/']);
    }
    if (!found.validate(data))
      throw new InvalidMessageError(type, (found.validate.errors ?? []).map(describeError));
    return found.contract;
  }

  validate(type: string, data: unknown): ValidationResult {
    const found = this.contracts.get(type);
    if (found === undefined) return { valid: false, errors: [`unknown message type ${type}`] };
    if (found.validate(data)) return VALID;
    return { valid: false, errors: (found.validate.errors ?? []).map(describeError) };
  }
}

const VALID: ValidationResult = Object.freeze({ valid: true });

function contractOf(schema: MessageSchema): MessageContract {
  const type = schema['x-toevlucht-type'];
  const kind = schema['x-toevlucht-kind'];
  const owner = schema['x-toevlucht-owner'];
  const id = schema.$id;
  if (typeof type !== 'string' || !/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v[0-9]+$/.test(type)) {
    throw new Error(
      `A message schema needs x-toevlucht-type like 'domain.thing.happened.v1' (got ${String(type)})`,
    );
  }
  if (kind !== 'event' && kind !== 'command' && kind !== 'reply') {
    throw new Error(`${type}: x-toevlucht-kind must be event, command or reply`);
  }
  const replyType = schema['x-toevlucht-reply-type'];
  if (replyType !== undefined && (typeof replyType !== 'string' || kind !== 'command')) {
    throw new Error(`${type}: x-toevlucht-reply-type must be a message type, on a command`);
  }
  if (typeof owner !== 'string' || owner === '')
    throw new Error(`${type}: x-toevlucht-owner must name a service`);
  if (typeof id !== 'string' || id === '') throw new Error(`${type}: the schema needs an $id`);
  return { type, kind, owner, schemaId: id, ...(replyType === undefined ? {} : { replyType }) };
}

function describeError(error: ErrorObject): string {
  const path = error.instancePath === '' ? '(root)' : error.instancePath;
  return `${path} ${error.message ?? 'is invalid'}`;
}
