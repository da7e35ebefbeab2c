import { TransientCallError } from '@toevlucht/resilience';
import type { Repliek } from './magda-answer';
import { classifySoapError } from './soap-errors';

/**
 * What a node-soap client built from a WSDL is, as far as asking goes: one `<Operation>Async`
 * method per operation. Structural, so this library needs no SOAP dependency of its own.
 */
export type SoapOperations = object;

type AsyncOperation = (args: unknown, options: { signal: AbortSignal }) => Promise<[unknown]>;

/**
 * Sends one Verzoek and returns its Repliek. Whatever the call throws is classified (transient
 * or permanent, never with the body in the message); a body without a Repliek is transient,
 * since MAGDA answers a well-formed question with one.
 */
export async function askMagda<Inhoud>(
  client: SoapOperations,
  operation: string,
  verzoek: unknown,
  signal: AbortSignal,
): Promise<Repliek<Inhoud>> {
  const method = (client as Record<string, unknown>)[`${operation}Async`];
  if (typeof method !== 'function') {
    throw new TypeError(`The SOAP client has no operation ${operation}; check its WSDL`);
  }
  let result: unknown;
  try {
    [result] = await (method as AsyncOperation).call(client, verzoek, { signal });
  } catch (error) {
    throw classifySoapError(error);
  }
  const repliek = (result as { Repliek?: Repliek<Inhoud> } | null)?.Repliek;
  if (repliek === undefined) throw new TransientCallError('Answer without Repliek', 'no-repliek');
  return repliek;
}
