import type { Breaker } from './breaker';

/** What the gate needs from a message consumer (AmqpTransport's pause/resume of one queue). */
export interface PausableConsumer {
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/**
 * Stops consuming while any of the breakers is open, so messages wait in the queue instead of
 * being taken and retried against a partner that is down. Resumes when every breaker is closed
 * or half-open: the first delivery after the pause is the half-open probe.
 *
 * Pause and resume are applied one at a time and always towards the latest wanted state, so a
 * quick open → half-open → open never leaves the consumer running while a breaker is open.
 */
export class ConsumerGate {
  private wantPaused = false;
  private isPaused = false;
  private applying: Promise<void> | undefined;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly consumer: PausableConsumer,
    private readonly breakers: readonly Breaker[],
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.unsubscribe = breakers.map((breaker) => breaker.onStateChange(() => this.evaluate()));
    this.evaluate();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Resolves once the consumer is in the state the breakers want. */
  async settled(): Promise<void> {
    while (this.applying !== undefined) await this.applying;
  }

  close(): void {
    for (const stop of this.unsubscribe) stop();
  }

  private evaluate(): void {
    this.wantPaused = this.breakers.some((breaker) => breaker.state === 'open');
    if (this.applying !== undefined || this.wantPaused === this.isPaused) return;
    this.applying = this.apply().finally(() => {
      this.applying = undefined;
    });
  }

  private async apply(): Promise<void> {
    // Every change made while a switch is under way is picked up by this loop.
    while (this.wantPaused !== this.isPaused) {
      const target = this.wantPaused;
      try {
        if (target) await this.consumer.pause();
        else await this.consumer.resume();
        this.isPaused = target;
      } catch (error) {
        // The consumer could not switch (broker gone); its own reconnect honours the paused
        // flag it already set, so report and stop trying until the next state change.
        this.onError(error);
        return;
      }
    }
  }
}
