/**
 * Counts requests that are really in flight. A slot is released when the request itself ends,
 * not when its caller stops waiting (a timed-out request whose socket is still open still
 * holds its slot), so the partner never sees more than `limit` requests from this process.
 * Callers that find every slot taken wait in order, up to `maxWaitMs`.
 */
export class InFlightLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** Resolves with a release function once a slot is free; false if none freed in time. */
  async acquire(maxWaitMs: number): Promise<(() => void) | false> {
    if (this.active < this.limit) {
      this.active += 1;
      return this.releaser();
    }
    return new Promise((resolve) => {
      const grant = () => {
        clearTimeout(timer);
        this.active += 1;
        resolve(this.releaser());
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(false);
      }, maxWaitMs);
      this.waiting.push(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiting.shift()?.();
    };
  }
}
