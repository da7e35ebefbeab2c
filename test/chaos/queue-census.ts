import type { QueueDepth } from './private-broker';
import type { TargetQueue } from './malformed-messages';

/**
 * The queues of a mesh instance sorted by role, from the broker's own listing: a work queue is
 * one with a parking lot beside it (`<queue>.parking-lot`), its retry tiers are
 * `<queue>.retry.<n>` (libs/messaging topology). Anything else (reply queues) is left out.
 */
export interface QueueCensus {
  readonly work: readonly QueueDepth[];
  readonly retry: readonly QueueDepth[];
  readonly parkingLots: readonly QueueDepth[];
}

export function censusOf(queues: readonly QueueDepth[]): QueueCensus {
  const names = new Set(queues.map((queue) => queue.name));
  const isParkingLot = (name: string): boolean => name.endsWith('.parking-lot');
  const isRetry = (name: string): boolean => /\.retry\.\d+$/.test(name);
  return {
    work: queues.filter(
      (queue) =>
        !isParkingLot(queue.name) && !isRetry(queue.name) && names.has(`${queue.name}.parking-lot`),
    ),
    retry: queues.filter((queue) => isRetry(queue.name)),
    parkingLots: queues.filter((queue) => isParkingLot(queue.name)),
  };
}

/** Messages still to be handled: ready or delivered but not yet acknowledged. */
export function pending(queues: readonly QueueDepth[]): number {
  return queues.reduce((sum, queue) => sum + queue.ready + queue.unacked, 0);
}

export interface Binding {
  readonly source: string;
  readonly destination: string;
  readonly routingKey: string;
}

/** `rabbitmqctl list_bindings source_name destination_name routing_key` output. */
export function parseBindings(output: string): Binding[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [source = '', destination = '', routingKey = ''] = line.split('\t');
      return { source, destination, routingKey };
    });
}

/**
 * Each work queue with a message type it really handles (a routing key it is bound to on an
 * exchange of ours), so a schema-invalid message reaches a handler's validation rather than
 * being parked as an unknown type.
 */
export function targetQueues(
  work: readonly QueueDepth[],
  bindings: readonly Binding[],
): TargetQueue[] {
  return work.map((queue) => {
    const bound = bindings.find(
      (binding) => binding.destination === queue.name && binding.source.startsWith('toevlucht.'),
    );
    if (bound === undefined)
      throw new Error(`work queue ${queue.name} is bound to no message type`);
    return { name: queue.name, knownType: bound.routingKey };
  });
}
