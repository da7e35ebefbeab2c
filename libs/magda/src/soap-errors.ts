import { PermanentCallError, TransientCallError } from '@toevlucht/resilience';

interface SoapLikeError {
  readonly code?: unknown;
  readonly response?: { readonly status?: unknown };
  readonly root?: {
    readonly Envelope?: { readonly Body?: { readonly Fault?: { faultcode?: unknown } } };
  };
}

/**
 * Classifies what the soap client threw. Transient (count for the breaker, retry later):
 * network errors, aborts, HTTP 5xx and 429, SOAP server faults, unparseable or empty bodies.
 * Permanent (fail the lookup at once): SOAP client faults (our request was refused) and other
 * HTTP 4xx. The message never includes the body (it may echo the INSZ).
 */
export function classifySoapError(error: unknown): PermanentCallError | TransientCallError {
  if (error instanceof PermanentCallError || error instanceof TransientCallError) return error;
  const soap = (error ?? {}) as SoapLikeError;
  const faultcode = soap.root?.Envelope?.Body?.Fault?.faultcode;
  if (typeof faultcode === 'string') {
    return /(^|:)Client/i.test(faultcode)
      ? new PermanentCallError(`SOAP client fault ${faultcode}`, 'soap-client-fault')
      : new TransientCallError(`SOAP server fault ${faultcode}`, 'soap-server-fault');
  }
  const status = typeof soap.response?.status === 'number' ? soap.response.status : undefined;
  if (status !== undefined && status >= 400) {
    return status >= 500 || status === 429
      ? new TransientCallError(`HTTP ${status}`, `http-${status}`)
      : new PermanentCallError(`HTTP ${status}`, `http-${status}`);
  }
  const code = typeof soap.code === 'string' ? soap.code : undefined;
  const name = error instanceof Error ? error.name : 'Error';
  return new TransientCallError(
    code === undefined ? `${name}: unreadable or no answer` : `${name} ${code}`,
    code ?? 'no-answer',
  );
}
