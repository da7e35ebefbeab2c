import { type Breaker, TransientCallError } from '@toevlucht/resilience';
import { type GeefPersoonOutcome, interpretGeefPersoon } from '../domain/geef-persoon-outcome';
import type { GeefPersoonCall, GeefPersoonClient } from './geef-persoon-client';

export type FinalOutcome = Exclude<GeefPersoonOutcome, { kind: 'retry' }>;

/**
 * One GeefPersoon question through the breaker. Resolves with a final answer (found, not found,
 * INSZ changed, refused); throws TransientCallError (counted by the breaker) for anything worth
 * asking again, PermanentCallError for a request the partner refused outright (a SOAP client
 * fault), CallTimeoutError or the breaker's own errors.
 */
export function callGeefPersoon(
  breaker: Breaker,
  client: GeefPersoonClient,
  call: GeefPersoonCall,
): Promise<FinalOutcome> {
  return breaker.call(async (signal) => {
    const interpreted = interpretGeefPersoon(await client.ask(call, signal), call.insz);
    // A MAGDA transient code counts against the source like a 503 does.
    if (interpreted.kind === 'retry')
      throw new TransientCallError(
        `MAGDA ${interpreted.code} from ${interpreted.origin}`,
        interpreted.code,
      );
    return interpreted;
  });
}
