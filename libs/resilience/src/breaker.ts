import CircuitBreaker from 'opossum';
import type { BreakerMetrics, CallOutcome } from './breaker-metrics';
import type { BreakerSettings } from './breaker-settings';
import { STATE_GAUGE_VALUE, type BreakerState, type BreakerStateChange } from './breaker-state';
import {
  BreakerOpenError,
  CallTimeoutError,
  ConcurrencyLimitError,
  isShortCircuit,
} from './call-errors';
import { InFlightLimiter } from './in-flight-limiter';
import { defaultClassifier, type FailureClassifier } from './outcome';

/** The work a breaker guards: one request to the partner, aborted when `signal` fires. */
export type GuardedWork<T> = (signal: AbortSignal) => Promise<T>;

export interface CallOptions {
  /**
   * While the breaker is open, wait until it lets calls through again (the default: a message
   * consumer's in-flight deliveries simply wait, with consuming paused) or fail at once with
   * BreakerOpenError (a caller with a person waiting).
   */
  readonly waitWhileOpen?: boolean;
  /** Ends a wait (shutdown): the call then fails with BreakerOpenError. */
  readonly signal?: AbortSignal;
}

export interface BreakerOptions {
  readonly settings: BreakerSettings;
  /** Which errors count against the partner (transient) and which do not (permanent). */
  readonly classify?: FailureClassifier;
  readonly metrics?: BreakerMetrics;
}

/** A result that arrived, but slower than the slow-call threshold: counted as a failure. */
class SlowCall extends Error {
  override readonly name = 'SlowCall';
  constructor(readonly result: unknown) {
    super('slower than the slow-call threshold');
  }
}

/**
 * One partner operation behind an opossum circuit breaker, with what opossum lacks:
 *
 * - a per-call timeout that aborts that call's own AbortSignal (opossum's shared
 *   AbortController would abort every call in flight);
 * - a concurrency cap counting requests until they really end, also after their timeout
 *   (opossum frees its semaphore at the timeout while the socket may still be open);
 * - slow calls (slower than `slowCallMs`) count as failures but still return their result;
 * - classification: permanent errors do not count against the partner;
 * - while open, callers wait for the half-open probe instead of failing (optional), and only one
 *   probe is in flight: the others wait for its outcome.
 */
export class Breaker {
  private readonly circuit: CircuitBreaker<[GuardedWork<unknown>, () => void], unknown>;
  private readonly limiter: InFlightLimiter;
  private readonly classify: FailureClassifier;
  private readonly listeners = new Set<(change: BreakerStateChange) => void>();
  private readonly stateWaiters = new Set<() => void>();
  private readonly circuitOptions: CircuitBreaker.Options<[GuardedWork<unknown>, () => void]>;
  private resetWaitMs: number;
  private probe: Promise<void> | undefined;
  private current: BreakerState = 'closed';
  private lastFailure: string | undefined;
  private stopped = false;

  constructor(private readonly options: BreakerOptions) {
    const { settings } = options;
    this.classify = options.classify ?? defaultClassifier;
    this.limiter = new InFlightLimiter(settings.maxConcurrent);
    this.resetWaitMs = settings.firstResetTimeoutMs ?? settings.resetTimeoutMs;
    // opossum keeps this object and reads `resetTimeout` each time it opens: the doubling wait
    // is set on it just before (see the prepended 'open' listener below).
    this.circuitOptions = {
      name: settings.name,
      timeout: false,
      resetTimeout: this.resetWaitMs,
      rollingCountTimeout: settings.rollingWindowMs,
      rollingCountBuckets: 10,
      volumeThreshold: settings.volumeThreshold,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      errorFilter: (error: unknown) =>
        !(error instanceof SlowCall) && this.classify(error) === 'permanent',
    };
    this.circuit = new CircuitBreaker(
      (work: GuardedWork<unknown>, release: () => void) => this.run(work, release),
      this.circuitOptions,
    );
    // Before opossum's own 'open' listener, which starts the reset timer with this value.
    this.circuit.prependListener('open', () => {
      this.resetWaitMs = nextResetWait(this.current, this.resetWaitMs, settings);
      this.circuitOptions.resetTimeout = this.resetWaitMs;
    });
    this.circuit.on('open', () => this.changeTo('open'));
    this.circuit.on('halfOpen', () => this.changeTo('half-open'));
    this.circuit.on('close', () => this.changeTo('closed'));
    this.circuit.on('failure', (error: unknown) => {
      this.lastFailure = describeFailure(error);
    });
    options.metrics?.state.set({ breaker: settings.name }, STATE_GAUGE_VALUE.closed);
  }

  get name(): string {
    return this.options.settings.name;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** How long the breaker stays (or would stay) open before its next probe. */
  get resetWait(): number {
    return this.resetWaitMs;
  }

  /** Requests to the partner that have not ended yet. */
  get inFlight(): number {
    return this.limiter.inFlight;
  }

  /** Called on every state change, in order; returns the unsubscribe function. */
  onStateChange(listener: (change: BreakerStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `work` through the breaker. Resolves with its result (also when it was slow); rejects
   * with its error, with CallTimeoutError when it outlived the timeout, BreakerOpenError when the
   * breaker is open and the caller does not wait, ConcurrencyLimitError when no slot freed up
   * within the timeout.
   */
  async call<T>(work: GuardedWork<T>, options: CallOptions = {}): Promise<T> {
    const wait = options.waitWhileOpen ?? true;
    for (;;) {
      if (this.stopped || options.signal?.aborted === true) throw new BreakerOpenError(this.name);
      if (this.current === 'open' || (this.current === 'half-open' && this.probe !== undefined)) {
        if (!wait) {
          this.count('short-circuited');
          throw new BreakerOpenError(this.name);
        }
        await (this.current === 'open' ? this.nextStateChange(options.signal) : this.probe);
        continue;
      }
      if (this.current === 'half-open') return this.asProbe(work);
      try {
        return await this.attempt(work);
      } catch (error) {
        // The breaker opened between our look at it and the call: wait like any other caller.
        if (error instanceof BreakerOpenError && wait) continue;
        throw error;
      }
    }
  }

  /** Stops the breaker's timers and lets every waiting caller fail with BreakerOpenError. */
  shutdown(): void {
    this.stopped = true;
    this.circuit.shutdown();
    for (const wake of this.stateWaiters) wake();
    this.stateWaiters.clear();
  }

  private async asProbe<T>(work: GuardedWork<T>): Promise<T> {
    let settle = () => undefined as void;
    this.probe = new Promise<void>((resolve) => (settle = resolve));
    try {
      return await this.attempt(work);
    } finally {
      this.probe = undefined;
      settle();
    }
  }

  private async attempt<T>(work: GuardedWork<T>): Promise<T> {
    const release = await this.limiter.acquire(this.options.settings.timeoutMs);
    if (release === false) {
      this.count('concurrency-limited');
      throw new ConcurrencyLimitError(this.name, this.limiter.limit);
    }
    this.options.metrics?.inFlight.set({ breaker: this.name }, this.limiter.inFlight);
    const done = () => {
      release();
      this.options.metrics?.inFlight.set({ breaker: this.name }, this.limiter.inFlight);
    };
    try {
      return (await this.circuit.fire(work, done)) as T;
    } catch (error) {
      if (error instanceof SlowCall) return error.result as T;
      if (CircuitBreaker.isOurError(error as Error)) {
        // Opossum refused without calling (it opened meanwhile); our action never ran.
        done();
        this.count('short-circuited');
        throw new BreakerOpenError(this.name);
      }
      throw error;
    }
  }

  /** opossum's action: the work with its own timeout, slot held until the work really ends. */
  private async run(work: GuardedWork<unknown>, release: () => void): Promise<unknown> {
    const { timeoutMs, slowCallMs } = this.options.settings;
    const controller = new AbortController();
    const started = performance.now();
    const running = Promise.resolve().then(() => work(controller.signal));
    running.then(release, release);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new CallTimeoutError(this.name, timeoutMs);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    let outcome: CallOutcome = 'success';
    try {
      const result = await Promise.race([running, timedOut]);
      if (performance.now() - started > slowCallMs) {
        outcome = 'slow';
        throw new SlowCall(result);
      }
      return result;
    } catch (error) {
      if (!(error instanceof SlowCall)) {
        outcome =
          error instanceof CallTimeoutError
            ? 'timeout'
            : this.classify(error) === 'permanent'
              ? 'permanent'
              : 'transient';
      }
      throw error;
    } finally {
      clearTimeout(timer);
      // A request that lost the race still settles later; its rejection is handled above.
      running.catch(() => undefined);
      this.count(outcome, (performance.now() - started) / 1000);
    }
  }

  private changeTo(state: BreakerState): void {
    const previousState = this.current;
    if (previousState === state) return;
    this.current = state;
    this.options.metrics?.state.set({ breaker: this.name }, STATE_GAUGE_VALUE[state]);
    const change: BreakerStateChange = {
      breaker: this.name,
      state,
      previousState,
      at: new Date(),
      ...(state === 'open' && this.lastFailure !== undefined ? { reason: this.lastFailure } : {}),
    };
    for (const listener of this.listeners) listener(change);
    for (const wake of this.stateWaiters) wake();
    this.stateWaiters.clear();
  }

  private nextStateChange(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        signal?.removeEventListener('abort', wake);
        this.stateWaiters.delete(wake);
        resolve();
      };
      this.stateWaiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  private count(outcome: CallOutcome, seconds?: number): void {
    const metrics = this.options.metrics;
    if (metrics === undefined) return;
    metrics.calls.inc({ breaker: this.name, outcome });
    if (seconds !== undefined)
      metrics.callSeconds.observe({ breaker: this.name, outcome }, seconds);
  }
}

/**
 * The wait before the next probe: the first wait when the breaker opens from closed, double the
 * last one (up to the reset timeout) when a probe failed.
 */
function nextResetWait(from: BreakerState, lastWaitMs: number, settings: BreakerSettings): number {
  const first = settings.firstResetTimeoutMs ?? settings.resetTimeoutMs;
  return from === 'half-open' ? Math.min(lastWaitMs * 2, settings.resetTimeoutMs) : first;
}

/** A failure's class and code for an event or log line; never its message (it may echo data). */
function describeFailure(error: unknown): string {
  if (error instanceof SlowCall) return 'slow calls';
  if (isShortCircuit(error)) return error.name;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' || typeof code === 'number'
      ? `${error.name} ${String(code)}`
      : error.name;
  }
  return 'unknown failure';
}
