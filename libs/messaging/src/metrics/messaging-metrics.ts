import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { PendingCounts } from './pending-counts';

type HandlerLabels = Readonly<
  Record<'success' | 'failure', Readonly<Record<'queue' | 'type' | 'outcome', string>>>
>;

/** The messaging metrics of one process, registered in the service's registry. */
export class MessagingMetrics {
  readonly consumed: Counter<'queue' | 'type'>;
  readonly acked: Counter<'queue' | 'type'>;
  readonly retried: Counter<'queue' | 'type'>;
  readonly parked: Counter<'queue' | 'type' | 'reason'>;
  readonly duplicates: Counter<'queue' | 'type'>;
  readonly handlerSeconds: Histogram<'queue' | 'type' | 'outcome'>;
  readonly publishConfirmSeconds: Histogram;
  readonly consumerPaused: Gauge<'queue'>;
  readonly consumerRecoveries: Counter<'queue' | 'reason'>;
  readonly settleFailures: Counter<'queue'>;
  readonly outboxBacklog: Gauge;
  readonly outboxOldestUnsentSeconds: Gauge;
  readonly outboxPublished: Counter;
  readonly outboxFailed: Counter;
  private readonly consumedCounts = new PendingCounts();
  private readonly ackedCounts = new PendingCounts();
  /** Label objects of handlerSeconds, made once per queue and type. */
  private readonly handlerLabels = new Map<string, Map<string, HandlerLabels>>();

  constructor(registry: Registry) {
    const registers = [registry];
    const consumedCounts = this.consumedCounts;
    this.consumed = new Counter({
      name: 'toevlucht_messages_consumed_total',
      help: 'Messages delivered to this service, by queue and type',
      labelNames: ['queue', 'type'],
      registers,
      collect() {
        consumedCounts.addTo(this);
      },
    });
    const ackedCounts = this.ackedCounts;
    this.acked = new Counter({
      name: 'toevlucht_messages_acked_total',
      help: 'Messages handled successfully and acknowledged',
      labelNames: ['queue', 'type'],
      registers,
      collect() {
        ackedCounts.addTo(this);
      },
    });
    this.retried = new Counter({
      name: 'toevlucht_messages_retried_total',
      help: 'Messages sent to a delayed-retry tier after their handler failed',
      labelNames: ['queue', 'type'],
      registers,
    });
    this.parked = new Counter({
      name: 'toevlucht_messages_parked_total',
      help: 'Messages moved to the parking lot, by reason',
      labelNames: ['queue', 'type', 'reason'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'toevlucht_messages_duplicate_total',
      help: 'Redelivered or replayed messages the inbox recognised and acknowledged without effect',
      labelNames: ['queue', 'type'],
      registers,
    });
    this.handlerSeconds = new Histogram({
      name: 'toevlucht_message_handler_duration_seconds',
      help: 'Time spent in message handlers, by outcome',
      labelNames: ['queue', 'type', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.publishConfirmSeconds = new Histogram({
      name: 'toevlucht_publish_confirm_duration_seconds',
      help: 'Time from publish to broker confirm',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    this.consumerPaused = new Gauge({
      name: 'toevlucht_consumer_paused',
      help: '1 while the consumer of a queue is paused (a partner system is down) or held (the publishing connection is down)',
      labelNames: ['queue'],
      registers,
    });
    this.consumerRecoveries = new Counter({
      name: 'toevlucht_consumer_recoveries_total',
      help: 'Consumers re-established while the connection stayed up (the broker closed their channel or cancelled them)',
      labelNames: ['queue', 'reason'],
      registers,
    });
    this.settleFailures = new Counter({
      name: 'toevlucht_settle_failures_total',
      help: 'Deliveries that could be neither moved (retry tier, parking lot) nor answered, held and handed back to the broker',
      labelNames: ['queue'],
      registers,
    });
    this.outboxBacklog = new Gauge({
      name: 'toevlucht_outbox_backlog',
      help: 'Outbox messages committed but not yet published',
      registers,
    });
    this.outboxOldestUnsentSeconds = new Gauge({
      name: 'toevlucht_outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest outbox message not yet published (0 when none)',
      registers,
    });
    this.outboxPublished = new Counter({
      name: 'toevlucht_outbox_published_total',
      help: 'Outbox messages published and confirmed by the broker',
      registers,
    });
    this.outboxFailed = new Counter({
      name: 'toevlucht_outbox_publish_failures_total',
      help: 'Outbox publish attempts that failed (kept for a later attempt)',
      registers,
    });
  }

  /** One delivery taken from `queue` (`consumed`, counted per message, read on scrape). */
  countConsumed(queue: string, type: string): void {
    this.consumedCounts.inc(queue, type);
  }

  /** One delivery handled and acked (`acked`). */
  countAcked(queue: string, type: string): void {
    this.ackedCounts.inc(queue, type);
  }

  /** A handler's duration since `startedMs` (performance.now()), by outcome (`handlerSeconds`). */
  observeHandler(
    queue: string,
    type: string,
    outcome: 'success' | 'failure',
    startedMs: number,
  ): void {
    let byType = this.handlerLabels.get(queue);
    if (byType === undefined) {
      byType = new Map();
      this.handlerLabels.set(queue, byType);
    }
    let labels = byType.get(type);
    if (labels === undefined) {
      labels = {
        success: { queue, type, outcome: 'success' },
        failure: { queue, type, outcome: 'failure' },
      };
      byType.set(type, labels);
    }
    this.handlerSeconds.observe(labels[outcome], (performance.now() - startedMs) / 1000);
  }
}
