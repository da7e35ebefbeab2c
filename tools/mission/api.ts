/**
 * The mission's HTTP plumbing: JSON requests with a bearer token, answers as status, headers
 * and body, and an error that says which step failed with the problem's code but never a body
 * (answers hold personal data: names, INSZ).
 */

export interface Answer<T = unknown> {
  readonly status: number;
  readonly etag: string | undefined;
  readonly location: string | undefined;
  readonly body: T;
}

/** A bearer token for a role (and municipality, and user: four eyes needs two). */
export type TokenSource = (
  role: string,
  claims?: { readonly nis?: string; readonly sub?: string },
) => Promise<string>;

export class MissionStepError extends Error {
  constructor(
    readonly step: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
  ) {
    super(
      `${step}: ${status === undefined ? 'no answer' : `HTTP ${status}`}${code === undefined ? '' : ` (${code})`}`,
    );
    this.name = 'MissionStepError';
  }
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Statuses that are an answer rather than a failure; 2xx always are. */
  readonly accept?: readonly number[];
  readonly timeoutMs?: number;
}

/** No answer, or a server-side failure: worth another try when repeating is harmless. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof MissionStepError &&
    (error.status === undefined || error.status === 500 || error.status >= 502)
  );
}

const RETRY_DELAYS_MS = [250, 1_000, 2_000, 4_000, 8_000];

/**
 * One request; when repeating it is harmless (GET, PUT, or a POST with an Idempotency-Key) a
 * transient failure (no answer, 500, 502-504: a service restarting, a pool briefly exhausted)
 * is tried again a few times over about 15 s, as a real client would.
 */
export async function call<T = unknown>(
  step: string,
  method: string,
  url: string,
  token: string | undefined,
  options: RequestOptions = {},
): Promise<Answer<T>> {
  const repeatable =
    method === 'GET' || method === 'PUT' || options.headers?.['idempotency-key'] !== undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await callOnce<T>(step, method, url, token, options);
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (!repeatable || !isTransient(error) || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function callOnce<T>(
  step: string,
  method: string,
  url: string,
  token: string | undefined,
  options: RequestOptions,
): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch {
    throw new MissionStepError(step, undefined, undefined);
  }
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    body = JSON.parse(text) as unknown;
  }
  const ok = response.status < 300 || (options.accept ?? []).includes(response.status);
  if (!ok) {
    const problem = body as { code?: unknown; type?: unknown } | undefined;
    const code =
      typeof problem?.code === 'string'
        ? problem.code
        : typeof problem?.type === 'string'
          ? problem.type.split('/').pop()
          : undefined;
    throw new MissionStepError(step, response.status, code);
  }
  return {
    status: response.status,
    etag: response.headers.get('etag') ?? undefined,
    location: response.headers.get('location') ?? undefined,
    body: body as T,
  };
}

/** Tokens from a running development token issuer over HTTP (`npm start`'s, port 3090). */
export function issuerTokens(issuerUrl: string): TokenSource {
  const cache = new Map<string, { token: string; until: number }>();
  return async (role, claims = {}) => {
    const key = `${role}|${claims.nis ?? ''}|${claims.sub ?? ''}`;
    const cached = cache.get(key);
    if (cached !== undefined && cached.until > Date.now()) return cached.token;
    const answer = await call<{ access_token: string }>(
      'token',
      'POST',
      `${issuerUrl}/token`,
      undefined,
      { body: { roles: [role], ...claims } },
    );
    cache.set(key, { token: answer.body.access_token, until: Date.now() + 3_000_000 });
    return answer.body.access_token;
  };
}

/**
 * Polls `look` until it returns a value, waiting longer each time (up to 2 s), or gives up. A
 * transient failure of one look counts as "not yet".
 */
export async function eventually<T>(
  step: string,
  look: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let wait = 150;
  for (;;) {
    let found: T | undefined;
    try {
      found = await look();
    } catch (error) {
      if (!isTransient(error) || Date.now() > deadline) throw error;
    }
    if (found !== undefined) return found;
    if (Date.now() + wait > deadline)
      throw new MissionStepError(`${step} (waited ${timeoutMs / 1000} s)`, undefined, 'timeout');
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(2_000, Math.round(wait * 1.5));
  }
}
