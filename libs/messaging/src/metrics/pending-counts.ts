import type { Counter } from 'prom-client';

/**
 * Per-message counts by queue and type, kept as plain numbers and added to their prom-client
 * counter whenever the counter is read (its `collect`, run on every scrape and `get()`). A
 * labelled `inc` validates and hashes its labels on every call, which showed in the messaging
 * benchmark's profile; a reader sees the same totals either way. Bounded by the number of
 * (queue, type) pairs, like the counter's own series.
 */
export class PendingCounts {
  private readonly byQueue = new Map<string, Map<string, number>>();

  inc(queue: string, type: string): void {
    let byType = this.byQueue.get(queue);
    if (byType === undefined) {
      byType = new Map();
      this.byQueue.set(queue, byType);
    }
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }

  /** Adds what was counted since the last read to `counter`. */
  addTo(counter: Counter<'queue' | 'type'>): void {
    for (const [queue, byType] of this.byQueue) {
      for (const [type, count] of byType) if (count > 0) counter.inc({ queue, type }, count);
      byType.clear();
    }
  }
}
