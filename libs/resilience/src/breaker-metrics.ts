import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type CallOutcome =
  | 'success'
  | 'slow'
  | 'timeout'
  | 'transient'
  | 'permanent'
  | 'short-circuited'
  | 'concurrency-limited';

const perRegistry = new WeakMap<Registry, BreakerMetrics>();

/**
 * The breakers' metrics of one process; shared by every breaker (label `breaker`). Use
 * `BreakerMetrics.of(registry)`: a registry accepts each metric name once.
 */
export class BreakerMetrics {
  static of(registry: Registry): BreakerMetrics {
    let metrics = perRegistry.get(registry);
    if (metrics === undefined) {
      metrics = new BreakerMetrics(registry);
      perRegistry.set(registry, metrics);
    }
    return metrics;
  }

  readonly state: Gauge<'breaker'>;
  readonly calls: Counter<'breaker' | 'outcome'>;
  readonly inFlight: Gauge<'breaker'>;
  readonly callSeconds: Histogram<'breaker' | 'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.state = new Gauge({
      name: 'toevlucht_breaker_state',
      help: 'Circuit breaker state per partner operation: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'],
      registers,
    });
    this.calls = new Counter({
      name: 'toevlucht_breaker_calls_total',
      help: 'Calls through a breaker by outcome (slow and timeout count as failures, permanent does not)',
      labelNames: ['breaker', 'outcome'],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'toevlucht_breaker_in_flight',
      help: 'Requests to the partner still in flight (until the socket ends, also after a timeout)',
      labelNames: ['breaker'],
      registers,
    });
    this.callSeconds = new Histogram({
      name: 'toevlucht_breaker_call_duration_seconds',
      help: 'Duration of calls that reached the partner, by outcome',
      labelNames: ['breaker', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }
}
