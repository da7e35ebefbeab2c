import { patientFetch } from './patient-fetch';

/** A fetch that fails with the given outcomes in turn, then answers 200; records the calls. */
function scripted(outcomes: readonly (string | number)[]): { fetch: typeof fetch; calls: number } {
  const state = { calls: 0 };
  const fake = (() => {
    const outcome = outcomes[state.calls];
    state.calls += 1;
    if (typeof outcome === 'string') {
      return Promise.reject(new TypeError('fetch failed', { cause: { code: outcome } }));
    }
    return Promise.resolve(new Response('{}', { status: outcome ?? 200 }));
  }) as typeof fetch;
  return {
    fetch: fake,
    get calls() {
      return state.calls;
    },
  };
}

const ORIGIN = 'http://127.0.0.1:42000';

describe('the patient user of the chaos suite', () => {
  it('sends a write again when it never reached the service (connection refused)', async () => {
    const inner = scripted(['ECONNREFUSED', 'ECONNREFUSED']);
    const counters = { retried: 0 };
    const response = await patientFetch(
      inner.fetch,
      [ORIGIN],
      10_000,
      counters,
    )(`${ORIGIN}/api/v1/dossiers/x/placement-request`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(inner.calls).toBe(3);
    expect(counters.retried).toBe(2);
  });

  it('does not send a write again that may have arrived, unless it carries an Idempotency-Key', async () => {
    const bare = scripted(['ECONNRESET']);
    await expect(
      patientFetch(bare.fetch, [ORIGIN], 10_000, { retried: 0 })(`${ORIGIN}/api/v1/claims`, {
        method: 'POST',
        body: '{}',
      }),
    ).rejects.toThrow('fetch failed');
    expect(bare.calls).toBe(1);

    const keyed = scripted(['ECONNRESET', 503]);
    const response = await patientFetch(keyed.fetch, [ORIGIN], 10_000, { retried: 0 })(
      `${ORIGIN}/api/v1/dossiers`,
      { method: 'POST', body: '{}', headers: { 'idempotency-key': 'k' } },
    );
    expect(response.status).toBe(200);
    expect(keyed.calls).toBe(3);
  });

  it('reads again through a lost connection or a 503, and leaves other origins alone', async () => {
    const reads = scripted(['ECONNRESET', 503]);
    const response = await patientFetch(reads.fetch, [ORIGIN], 10_000, { retried: 0 })(
      `${ORIGIN}/api/v1/dossiers/x`,
    );
    expect(response.status).toBe(200);
    expect(reads.calls).toBe(3);

    const elsewhere = scripted([503]);
    const other = await patientFetch(elsewhere.fetch, [ORIGIN], 10_000, { retried: 0 })(
      'http://127.0.0.1:9/x',
    );
    expect(other.status).toBe(503);
    expect(elsewhere.calls).toBe(1);
  });
});
