import { createServer } from 'node:net';
import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first value the probe gives', async () => {
    let calls = 0;
    const value = await waitFor(
      'the third call',
      () => {
        calls += 1;
        return Promise.resolve(calls === 3 ? 'ready' : undefined);
      },
      1_000,
      1,
    );
    expect(value).toBe('ready');
  });

  it("names the last failure and its cause when it gives up, also for Node's own errors", async () => {
    const port = await closedPort();
    await expect(
      waitFor(
        'a closed port',
        async () => (await fetch(`http://127.0.0.1:${port}/`)).status,
        50,
        10,
      ),
    ).rejects.toThrow(
      /^Timed out after 50 ms waiting for a closed port: fetch failed \(.*ECONNREFUSED/,
    );
  });

  it('names no stale failure once the probe stopped failing', async () => {
    let calls = 0;
    await expect(
      waitFor(
        'nothing',
        () => {
          calls += 1;
          return calls === 1 ? Promise.reject(new Error('early')) : Promise.resolve(undefined);
        },
        30,
        5,
      ),
    ).rejects.toThrow(/^Timed out after 30 ms waiting for nothing$/);
  });
});

/** A port nothing listens on: bound once, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
