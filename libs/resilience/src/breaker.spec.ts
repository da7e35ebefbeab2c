import { Registry } from 'prom-client';
import { Breaker } from './breaker';
import { BreakerMetrics } from './breaker-metrics';
import type { BreakerSettings } from './breaker-settings';
import type { BreakerStateChange } from './breaker-state';
import {
  BreakerOpenError,
  CallTimeoutError,
  ConcurrencyLimitError,
  PermanentCallError,
  TransientCallError,
} from './call-errors';

const settings = (overrides: Partial<BreakerSettings> = {}): BreakerSettings => ({
  name: 'partner.Operation',
  timeoutMs: 1_000,
  slowCallMs: 1_000,
  volumeThreshold: 2,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 60_000,
  rollingWindowMs: 10_000,
  maxConcurrent: 10,
  ...overrides,
});

/** A call the test settles by hand, recording whether its own signal was aborted. */
function controllable<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  let signal: AbortSignal | undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const work = (callSignal: AbortSignal) => {
    signal = callSignal;
    return promise;
  };
  return { work, resolve, reject, aborted: () => signal?.aborted === true };
}

const fail = (error: Error) => () => Promise.reject(error);

describe('Breaker', () => {
  const breakers: Breaker[] = [];
  const make = (options: ConstructorParameters<typeof Breaker>[0]) => {
    const breaker = new Breaker(options);
    breakers.push(breaker);
    return breaker;
  };
  afterEach(() => {
    for (const breaker of breakers.splice(0)) breaker.shutdown();
  });

  it('returns the partner answer and stays closed', async () => {
    const breaker = make({ settings: settings() });
    await expect(breaker.call(() => Promise.resolve('answer'))).resolves.toBe('answer');
    expect(breaker.state).toBe('closed');
  });

  it('opens on transient failures above the error percentage and then calls nothing', async () => {
    const breaker = make({ settings: settings() });
    const changes: BreakerStateChange[] = [];
    breaker.onStateChange((change) => changes.push(change));
    await expect(breaker.call(fail(new TransientCallError('503', 'HTTP 503')))).rejects.toThrow(
      TransientCallError,
    );
    await expect(breaker.call(fail(new TransientCallError('503', 'HTTP 503')))).rejects.toThrow(
      TransientCallError,
    );
    expect(breaker.state).toBe('open');
    expect(changes).toEqual([
      expect.objectContaining({
        breaker: 'partner.Operation',
        state: 'open',
        previousState: 'closed',
        reason: 'TransientCallError HTTP 503',
      }),
    ]);
    let called = false;
    await expect(
      breaker.call(
        () => {
          called = true;
          return Promise.resolve('x');
        },
        { waitWhileOpen: false },
      ),
    ).rejects.toThrow(BreakerOpenError);
    expect(called).toBe(false);
  });

  it('never opens on permanent errors: the partner answered, it said no', async () => {
    const breaker = make({ settings: settings() });
    for (let i = 0; i < 5; i += 1) {
      await expect(
        breaker.call(fail(new PermanentCallError('refused', '30003'))),
      ).rejects.toBeInstanceOf(PermanentCallError);
    }
    expect(breaker.state).toBe('closed');
  });

  it('uses the classification hook to decide what counts', async () => {
    class NotFoundish extends Error {}
    const breaker = make({
      settings: settings(),
      classify: (error) => (error instanceof NotFoundish ? 'permanent' : 'transient'),
    });
    for (let i = 0; i < 3; i += 1)
      await expect(breaker.call(fail(new NotFoundish('404')))).rejects.toThrow(NotFoundish);
    expect(breaker.state).toBe('closed');
    // 4 of 7 calls failed: above 50 %; the three permanent answers counted as answers.
    for (let i = 0; i < 4; i += 1)
      await expect(breaker.call(fail(new Error('ECONNRESET')))).rejects.toThrow('ECONNRESET');
    expect(breaker.state).toBe('open');
  });

  it('times a call out by aborting its own signal only, and counts the timeout', async () => {
    const registry = new Registry();
    const metrics = new BreakerMetrics(registry);
    const breaker = make({ settings: settings({ timeoutMs: 30, volumeThreshold: 100 }), metrics });
    const hanging = controllable<string>();
    const quick = controllable<string>();
    const hung = breaker.call(hanging.work);
    const answered = breaker.call(quick.work);
    quick.resolve('fine');
    await expect(answered).resolves.toBe('fine');
    await expect(hung).rejects.toBeInstanceOf(CallTimeoutError);
    expect(hanging.aborted()).toBe(true);
    expect(quick.aborted()).toBe(false);
    const calls = await registry.getSingleMetricAsString('toevlucht_breaker_calls_total');
    expect(calls).toContain('outcome="timeout"} 1');
    expect(calls).toContain('outcome="success"} 1');
  });

  it('keeps counting a timed-out request in flight until it really ends', async () => {
    const breaker = make({
      settings: settings({ timeoutMs: 20, maxConcurrent: 1, volumeThreshold: 100 }),
    });
    // A request that ignores its abort signal (a client that cannot be cancelled).
    const stubborn = controllable<string>();
    await expect(breaker.call(stubborn.work)).rejects.toBeInstanceOf(CallTimeoutError);
    expect(breaker.inFlight).toBe(1);
    let secondStarted = false;
    await expect(
      breaker.call(() => {
        secondStarted = true;
        return Promise.resolve('x');
      }),
    ).rejects.toBeInstanceOf(ConcurrencyLimitError);
    expect(secondStarted).toBe(false);
    stubborn.resolve('late');
    await expect(breaker.call(() => Promise.resolve('now'))).resolves.toBe('now');
    expect(breaker.inFlight).toBe(0);
  });

  it('lets a caller wait for a free slot instead of failing', async () => {
    const breaker = make({ settings: settings({ maxConcurrent: 1 }) });
    const first = controllable<string>();
    const running = breaker.call(first.work);
    const queued = breaker.call(() => Promise.resolve('second'));
    first.resolve('first');
    await expect(running).resolves.toBe('first');
    await expect(queued).resolves.toBe('second');
  });

  it('returns a slow answer but counts it as a failure', async () => {
    const breaker = make({ settings: settings({ slowCallMs: 5 }) });
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 25));
    await expect(breaker.call(slow)).resolves.toBe('late');
    await expect(breaker.call(slow)).resolves.toBe('late');
    expect(breaker.state).toBe('open');
  });

  it('half-opens after the reset timeout, lets one probe through and closes on its success', async () => {
    const breaker = make({ settings: settings({ resetTimeoutMs: 50 }) });
    const states: string[] = [];
    breaker.onStateChange((change) => states.push(change.state));
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    expect(breaker.state).toBe('open');

    // Callers arriving while open wait; the first after half-open is the probe.
    const probe = controllable<string>();
    let concurrentCalls = 0;
    const waiting = [1, 2, 3].map((n) =>
      breaker.call((signal) => {
        concurrentCalls += 1;
        return n === 1 ? probe.work(signal) : Promise.resolve(`after-${n}`);
      }),
    );
    await waitUntil(() => concurrentCalls === 1);
    expect(breaker.state).toBe('half-open');
    // The others did not reach the partner while the probe was out.
    expect(concurrentCalls).toBe(1);
    probe.resolve('probe-ok');
    await expect(Promise.all(waiting)).resolves.toEqual(['probe-ok', 'after-2', 'after-3']);
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens when the probe fails, and the waiting callers keep waiting', async () => {
    const breaker = make({ settings: settings({ resetTimeoutMs: 40 }) });
    const states: string[] = [];
    breaker.onStateChange((change) => states.push(change.state));
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    let attempts = 0;
    const result = breaker.call(() => {
      attempts += 1;
      return attempts === 1 ? Promise.reject(new Error('still down')) : Promise.resolve('back');
    });
    // The first probe fails: that caller gets the failure (its message is retried later).
    await expect(result).rejects.toThrow('still down');
    const later = breaker.call(() => Promise.resolve('back'));
    await expect(later).resolves.toBe('back');
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('doubles the wait after each failed probe, up to the reset timeout, and starts over once closed', async () => {
    const breaker = make({ settings: settings({ firstResetTimeoutMs: 20, resetTimeoutMs: 70 }) });
    const opened: { wait: number; at: number }[] = [];
    const halfOpenedAt: number[] = [];
    breaker.onStateChange((change) => {
      if (change.state === 'open') opened.push({ wait: breaker.resetWait, at: performance.now() });
      if (change.state === 'half-open') halfOpenedAt.push(performance.now());
    });
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    // Three failed probes, then one that succeeds.
    for (let probe = 0; probe < 3; probe += 1) {
      await expect(breaker.call(fail(new Error('still down')))).rejects.toThrow('still down');
    }
    await expect(breaker.call(() => Promise.resolve('back'))).resolves.toBe('back');
    expect(breaker.state).toBe('closed');
    expect(opened.map((open) => open.wait)).toEqual([20, 40, 70, 70]);
    // Timers never fire early: each probe came at least its wait after the opening.
    opened.forEach((open, index) =>
      expect(halfOpenedAt[index]! - open.at).toBeGreaterThanOrEqual(open.wait - 2),
    );

    // Opening again from closed starts from the first wait.
    while (breaker.state === 'closed') {
      await expect(breaker.call(fail(new Error('down')))).rejects.toThrow('down');
    }
    expect(breaker.state).toBe('open');
    expect(breaker.resetWait).toBe(20);
  });

  it('waits the reset timeout every time when no first wait is set', async () => {
    const breaker = make({ settings: settings({ resetTimeoutMs: 30 }) });
    const waits: number[] = [];
    breaker.onStateChange((change) => {
      if (change.state === 'open') waits.push(breaker.resetWait);
    });
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    await expect(breaker.call(fail(new Error('still down')))).rejects.toThrow('still down');
    await expect(breaker.call(() => Promise.resolve('back'))).resolves.toBe('back');
    expect(waits).toEqual([30, 30]);
  });

  it('ends a wait when the caller gives up or the breaker shuts down', async () => {
    const breaker = make({ settings: settings() });
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    const controller = new AbortController();
    const aborted = breaker.call(() => Promise.resolve('x'), { signal: controller.signal });
    const shut = breaker.call(() => Promise.resolve('x'));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(BreakerOpenError);
    breaker.shutdown();
    await expect(shut).rejects.toBeInstanceOf(BreakerOpenError);
  });

  it('exports its state as a gauge: 0 closed, 2 open', async () => {
    const registry = new Registry();
    const breaker = make({ settings: settings(), metrics: new BreakerMetrics(registry) });
    const gauge = () => registry.getSingleMetricAsString('toevlucht_breaker_state');
    expect(await gauge()).toContain('toevlucht_breaker_state{breaker="partner.Operation"} 0');
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    await expect(breaker.call(fail(new Error('down')))).rejects.toThrow();
    expect(await gauge()).toContain('toevlucht_breaker_state{breaker="partner.Operation"} 2');
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not reached');
}

describe('BreakerMetrics.of', () => {
  it('gives every breaker of one registry the same metrics', () => {
    const registry = new Registry();
    expect(BreakerMetrics.of(registry)).toBe(BreakerMetrics.of(registry));
    expect(BreakerMetrics.of(new Registry())).not.toBe(BreakerMetrics.of(registry));
  });
});
