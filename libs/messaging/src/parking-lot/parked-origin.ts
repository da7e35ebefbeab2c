import { TRANSPORT_HEADERS } from '../envelope/amqp-envelope';

/** The work queue a parked message came from, and why it was parked. */
export interface ParkedOrigin {
  readonly queue: string;
  readonly reason: string;
}

/**
 * Where a parked message came from. Our transport says so in its own headers. The broker
 * parks too: a work queue dead-letters a message into its parking lot once its delivery limit
 * is reached (a message whose handling ends the process, every time); such a message carries
 * only RabbitMQ's `x-death` record, newest entry first, where entries with reason `expired` are
 * the retry tiers handing it back to the work queue. Undefined when neither says.
 */
export function parkedOrigin(
  headers: Record<string, unknown> | undefined,
): ParkedOrigin | undefined {
  const ours = headers?.[TRANSPORT_HEADERS.parkedFrom];
  if (typeof ours === 'string' && ours !== '') {
    const reason = headers?.[TRANSPORT_HEADERS.parkReason];
    return { queue: ours, reason: typeof reason === 'string' ? reason : 'unknown' };
  }
  const deaths = headers?.['x-death'];
  if (!Array.isArray(deaths)) return undefined;
  for (const death of deaths as unknown[]) {
    if (typeof death !== 'object' || death === null) continue;
    const { queue, reason } = death as { queue?: unknown; reason?: unknown };
    if (reason === 'expired' || typeof queue !== 'string' || queue === '') continue;
    return { queue, reason: `broker: ${typeof reason === 'string' ? reason : 'unknown'}` };
  }
  return undefined;
}
