/** A publish waiting for its confirm, as the deadlines see it. */
export interface Deadline {
  readonly at: number;
  expired: boolean;
  settled: boolean;
  readonly onExpire: () => void;
}

/**
 * The confirm timeouts of a publisher's messages on one timer instead of one each. Every
 * publish gets the same timeout, so deadlines are added in the order they fall due and one
 * timer, set for the oldest unsettled one, is enough; it used to be a setTimeout and a
 * clearTimeout per message, which showed in the benchmark's profile. Each deadline still
 * expires when it falls due, as before.
 */
export class ConfirmDeadlines {
  /** Oldest first; entries before `head` are done with. */
  private readonly queue: Deadline[] = [];
  private head = 0;
  /** Neither settled nor expired. */
  private live = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** `onExpire` runs once if `settle` is not called within the timeout. */
  add(onExpire: () => void): Deadline {
    const deadline: Deadline = {
      at: performance.now() + this.timeoutMs,
      expired: false,
      settled: false,
      onExpire,
    };
    this.queue.push(deadline);
    this.live += 1;
    if (this.timer === undefined) this.arm(deadline.at);
    return deadline;
  }

  /** The confirm came (or the publish failed otherwise): the deadline no longer applies. */
  settle(deadline: Deadline): void {
    if (deadline.settled || deadline.expired) return;
    deadline.settled = true;
    this.live -= 1;
    if (this.live === 0) this.reset();
    else this.dropDone();
  }

  /** Publishes waiting for their confirm, for tests and shutdown diagnostics. */
  get pending(): number {
    return this.live;
  }

  private arm(at: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - performance.now()));
  }

  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    for (let index = this.head; index < this.queue.length; index += 1) {
      const next = this.queue[index] as Deadline;
      if (next.settled || next.expired) continue;
      if (next.at > now) break;
      next.expired = true;
      this.live -= 1;
      next.onExpire();
    }
    if (this.live === 0) {
      this.reset();
      return;
    }
    this.dropDone();
    this.arm((this.queue[this.head] as Deadline).at);
  }

  /** Confirms mostly come in order, so the done entries are at the front. */
  private dropDone(): void {
    while (this.head < this.queue.length) {
      const first = this.queue[this.head] as Deadline;
      if (!first.settled && !first.expired) break;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private reset(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
  }
}
