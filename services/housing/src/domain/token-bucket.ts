/**
 * A token bucket per key (the client's IP address), in memory: `capacity` requests at once,
 * refilled at `refillPerSecond`. Per replica on purpose: with N replicas behind a load balancer a
 * client gets at most N times the rate, which still stops a script flooding the public intake
 * without a shared store in the request path. At most `maxKeys` buckets are kept (least
 * recently used dropped first), so memory stays bounded.
 */
export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until one token is back (for Retry-After); 0 when allowed. */
  readonly retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    /** Never more buckets than this; the oldest are dropped first. */
    private readonly maxKeys = 100_000,
  ) {
    if (capacity < 1 || refillPerSecond <= 0)
      throw new Error('TokenBuckets: capacity >= 1 and refill > 0');
  }

  take(key: string, nowMs: number): RateDecision {
    const bucket = this.refilled(key, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerSecond)),
    };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, nowMs: number): Bucket {
    const existing = this.buckets.get(key);
    if (existing !== undefined) {
      const elapsed = Math.max(0, nowMs - existing.at) / 1000;
      existing.tokens = Math.min(this.capacity, existing.tokens + elapsed * this.refillPerSecond);
      existing.at = nowMs;
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.buckets.delete(key);
      this.buckets.set(key, existing);
      return existing;
    }
    if (this.buckets.size >= this.maxKeys) this.evict();
    const fresh = { tokens: this.capacity, at: nowMs };
    this.buckets.set(key, fresh);
    return fresh;
  }

  // The least recently used key goes: a client idle that long has a full bucket anyway.
  private evict(): void {
    const oldest = this.buckets.keys().next();
    if (oldest.done !== true) this.buckets.delete(oldest.value);
  }
}
