import { PermanentMessageError } from '@toevlucht/messaging';
import { PermanentCallError } from '@toevlucht/resilience';

/**
 * A call's failure as the message transport should treat it: our own bad request goes to the
 * parking lot at once; anything else (DAVINCI down, slow, malformed) is retried through the
 * tiers, and while the breaker is open the consumer is paused, so nothing is parked for an outage.
 */
export async function asMessageFailure<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PermanentCallError) {
      throw new PermanentMessageError(error.message, { cause: error });
    }
    throw error;
  }
}
