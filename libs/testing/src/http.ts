import { waitFor } from './wait-for';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

/** GET a URL and parse JSON bodies; other bodies come back as text. */
export async function httpGet(url: string, timeoutMs = 5_000): Promise<HttpAnswer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  const body: unknown = contentType?.includes('json') === true ? JSON.parse(text) : text;
  return { status: response.status, contentType, body };
}

/** Waits until GET `url` answers with `status`, and returns that answer. */
export function waitForStatus(
  url: string,
  status: number,
  timeoutMs = 20_000,
): Promise<HttpAnswer> {
  return waitFor(
    `${url} to answer ${status}`,
    async () => {
      const answer = await httpGet(url);
      if (answer.status === status) return answer;
      // Thrown rather than returned so that a timeout names the last answer seen, which is
      // what tells a slow dependency from a wrong one when this fails on CI.
      throw new Error(`last answer ${answer.status} ${describeBody(answer.body)}`);
    },
    timeoutMs,
    200,
  );
}

function describeBody(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
