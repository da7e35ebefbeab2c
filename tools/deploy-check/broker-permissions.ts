import { createHash } from 'node:crypto';
import { COMMANDS_EXCHANGE, EVENTS_EXCHANGE } from '@toevlucht/messaging';
import { type BrokerNeeds, DEFAULT_EXCHANGE } from './broker-needs';

/** The parts of a RabbitMQ definitions file (rabbitmqctl export_definitions) we check. */
export interface BrokerDefinitions {
  readonly vhosts?: readonly { readonly name: string }[];
  readonly users?: readonly {
    readonly name: string;
    readonly password_hash?: string;
    readonly hashing_algorithm?: string;
    readonly tags?: readonly string[] | string;
  }[];
  readonly permissions?: readonly {
    readonly user: string;
    readonly vhost: string;
    readonly configure: string;
    readonly write: string;
    readonly read: string;
  }[];
  readonly exchanges?: readonly {
    readonly name: string;
    readonly vhost: string;
    readonly type: string;
    readonly durable: boolean;
  }[];
}

/** Exchanges that exist in every vhost, besides ours: a permission must not reach them unasked. */
const BUILT_IN_EXCHANGES = [
  DEFAULT_EXCHANGE,
  'amq.direct',
  'amq.fanout',
  'amq.topic',
  'amq.headers',
  'amq.match',
  'amq.rabbitmq.trace',
];

type Permission = 'configure' | 'write' | 'read';

/**
 * Checks that the definitions give each service's user exactly what its topology needs on the
 * vhost, testing the permission patterns (regular expressions, as RabbitMQ applies them) against
 * the resources' real names:
 *
 * - configure: its own queues and the two exchanges it declares;
 * - write: its own queues (queue.bind), the default exchange and the exchanges it publishes to;
 * - read: its own queues (consume) and the exchanges its queues are bound to;
 *
 * and nothing else: no other service's queue, no exchange it does not use, no user tags (no
 * management access), and the two exchanges declared as the transport declares them.
 */
export function brokerPermissionProblems(
  definitions: BrokerDefinitions,
  vhost: string,
  needs: readonly BrokerNeeds[],
): string[] {
  const problems: string[] = [];
  if (!(definitions.vhosts ?? []).some((candidate) => candidate.name === vhost)) {
    problems.push(`rabbitmq definitions: no vhost '${vhost}'`);
  }
  for (const name of [EVENTS_EXCHANGE, COMMANDS_EXCHANGE]) {
    const exchange = (definitions.exchanges ?? []).find(
      (candidate) => candidate.name === name && candidate.vhost === vhost,
    );
    if (exchange === undefined || exchange.type !== 'topic' || exchange.durable !== true) {
      problems.push(
        `rabbitmq definitions: exchange ${name} must be a durable topic exchange in '${vhost}'`,
      );
    }
  }
  const exchanges = [EVENTS_EXCHANGE, COMMANDS_EXCHANGE, ...BUILT_IN_EXCHANGES];
  for (const need of needs) {
    const user = (definitions.users ?? []).find((candidate) => candidate.name === need.service);
    if (user === undefined) {
      problems.push(`rabbitmq definitions: no user for ${need.service}`);
      continue;
    }
    const tags =
      typeof user.tags === 'string' ? user.tags.split(',').filter(Boolean) : (user.tags ?? []);
    if (tags.length > 0) {
      problems.push(
        `rabbitmq definitions: user ${need.service} must have no tags (has ${tags.join(', ')})`,
      );
    }
    const entries = (definitions.permissions ?? []).filter((entry) => entry.user === need.service);
    if (entries.length !== 1 || entries[0]?.vhost !== vhost) {
      problems.push(
        `rabbitmq definitions: user ${need.service} must have permissions on '${vhost}' only`,
      );
      continue;
    }
    const entry = entries[0];
    const othersQueues = needs.filter((other) => other !== need).flatMap((other) => other.queues);
    const expected: Record<Permission, readonly string[]> = {
      configure: [...need.queues, ...need.declaredExchanges],
      write: [...need.queues, ...need.publishedExchanges],
      read: [...need.queues, ...need.boundExchanges],
    };
    for (const permission of ['configure', 'write', 'read'] as const) {
      let pattern: RegExp;
      try {
        pattern = new RegExp(entry[permission]);
      } catch {
        problems.push(
          `rabbitmq definitions: ${need.service} ${permission} '${entry[permission]}' is not a regular expression`,
        );
        continue;
      }
      const allowed = (resource: string) => entry[permission] !== '' && pattern.test(resource);
      const missing = expected[permission].filter((resource) => !allowed(resource));
      if (missing.length > 0) {
        problems.push(
          `rabbitmq definitions: ${need.service} lacks ${permission} on ${missing.join(', ')}`,
        );
      }
      const excess = [
        ...exchanges.filter((exchange) => !expected[permission].includes(exchange)),
        ...othersQueues,
      ].filter(allowed);
      if (excess.length > 0) {
        problems.push(
          `rabbitmq definitions: ${need.service} has ${permission} beyond its needs, on ${excess.join(', ')}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Whether `password` matches a definitions entry's hash (rabbit_password_hashing_sha256:
 * base64 of a 4-byte salt followed by sha256(salt + password)).
 */
export function passwordMatches(
  user: { readonly password_hash?: string; readonly hashing_algorithm?: string },
  password: string,
): boolean {
  if (
    user.hashing_algorithm !== 'rabbit_password_hashing_sha256' ||
    user.password_hash === undefined
  ) {
    return false;
  }
  const decoded = Buffer.from(user.password_hash, 'base64');
  const salt = decoded.subarray(0, 4);
  const digest = createHash('sha256')
    .update(Buffer.concat([salt, Buffer.from(password, 'utf8')]))
    .digest();
  return decoded.length === 36 && digest.equals(decoded.subarray(4));
}
