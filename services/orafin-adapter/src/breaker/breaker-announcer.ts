import type { Outbox } from '@toevlucht/messaging';
import type { Logger } from '@toevlucht/observability';
import type { TransactionRunner } from '@toevlucht/persistence';
import type { Breaker, BreakerStateChange } from '@toevlucht/resilience';
import type { IntegrationBreakerStateChangedV1 } from '../../../../contracts/generated/message-payloads';

/**
 * Announces each state change of the breaker as integration.breaker.state-changed.v1, through
 * the outbox: a change seen while the broker is away is published when it is back.
 */
export function announceBreakerChanges(
  service: string,
  breaker: Breaker,
  transactions: TransactionRunner,
  outbox: Outbox,
  logger: Logger,
): () => void {
  return breaker.onStateChange((change: BreakerStateChange) => {
    logger.warn(
      { breaker: change.breaker, state: change.state, previousState: change.previousState },
      'circuit breaker changed state',
    );
    transactions
      .run((tx) =>
        outbox.publish<IntegrationBreakerStateChangedV1>(
          tx,
          'integration.breaker.state-changed.v1',
          {
            service,
            breaker: change.breaker,
            state: change.state,
            previousState: change.previousState,
            at: change.at.toISOString(),
            ...(change.reason === undefined ? {} : { reason: change.reason.slice(0, 500) }),
          },
          { aggregateKey: `breaker:${change.breaker}` },
        ),
      )
      .catch((error: unknown) =>
        logger.error({ err: error }, 'breaker change not announced (database unavailable)'),
      );
  });
}
