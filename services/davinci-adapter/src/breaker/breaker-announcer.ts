import type { MessagePublisher } from '@toevlucht/messaging';
import type { Logger } from '@toevlucht/observability';
import type { Breaker } from '@toevlucht/resilience';
import type { IntegrationBreakerStateChangedV1 } from '../../../../contracts/generated/message-payloads';

/**
 * Announces the breaker's state changes as integration.breaker.state-changed.v1. This adapter
 * has no outbox: a change while the broker is unreachable is logged and its event lost (the
 * state is still in readiness and in toevlucht_breaker_state).
 */
export function announceBreakerChanges(
  service: string,
  breaker: Breaker,
  publisher: MessagePublisher,
  logger: Logger,
): () => void {
  return breaker.onStateChange((change) => {
    logger.warn(
      { breaker: change.breaker, state: change.state, previousState: change.previousState },
      'circuit breaker changed state',
    );
    publisher
      .publish<IntegrationBreakerStateChangedV1>('integration.breaker.state-changed.v1', {
        service,
        breaker: change.breaker,
        state: change.state,
        previousState: change.previousState,
        at: change.at.toISOString(),
        ...(change.reason === undefined ? {} : { reason: change.reason.slice(0, 500) }),
      })
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'breaker change not announced (broker unavailable)'),
      );
  });
}
