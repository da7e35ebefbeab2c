import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { BrokerConnection } from '../connection/broker-connection';
import { type BackoffPolicy, backoffDelay } from '../connection/backoff';
import { openShortLivedChannel } from '../connection/short-lived-channel';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import {
  COMMANDS_EXCHANGE,
  EVENTS_EXCHANGE,
  parkingLotArguments,
  retryQueueArguments,
  type WorkQueue,
  workQueueArguments,
} from '../topology/topology';
import { AckBatcher } from './ack-batcher';
import type { ConsumingQueue } from './delivery-handler';

/** The connection consumed on, and the one every delivery is moved or answered on. */
export interface ConsumerConnections {
  readonly consuming: BrokerConnection;
  readonly publishing: BrokerConnection;
}

/** Called for every delivery, in arrival order, after the batcher has been told of it. */
export type Deliver = (queue: ConsumingQueue, acks: AckBatcher, message: ConsumeMessage) => void;

/** How soon a consumer the broker took away is set up again (jittered, growing while it recurs). */
const DEFAULT_RECOVERY: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 };

type RecoveryReason = 'channel-closed' | 'consumer-cancelled' | 'set-up-failed';

interface ActiveQueue extends ConsumingQueue {
  channel: Channel | undefined;
  /** Settles the deliveries of `channel`. */
  acks: AckBatcher | undefined;
  consumerTag: string | undefined;
  paused: boolean;
  /** A basic.consume on its way (a second one would double the consumer; shutdown waits for it). */
  starting: Promise<boolean> | undefined;
  recovery: { timer: NodeJS.Timeout | undefined; attempt: number; lastAt: number };
}

/**
 * The consumers of a service's work queues: one channel per queue with its prefetch, declared
 * and started whenever the connection (re)opens, paused and resumed on request, closed at
 * shutdown.
 *
 * The broker can also take a consumer away while the connection stays up: it closes a channel
 * on a channel-level error (an ack it does not know, a delivery held past its consumer
 * timeout), or cancels a consumer whose queue was deleted. Either used to leave that queue
 * unconsumed until the process restarted, with nothing but one log line to show for it. Now
 * the queue is declared again and consumed on a fresh channel after a jittered wait of up to
 * 1 s, growing to up to 30 s while the broker keeps doing it, counted in
 * toevlucht_consumer_recoveries_total.
 *
 * Consuming is also held, on every queue, while the publishing connection is down: a delivery
 * that fails can then be neither moved to a retry tier or the parking lot nor answered, and was
 * handed back at once, again and again, until the broker's delivery limit parked it. The two connections reconnect on their own after a broker restart,
 * seconds apart, so that window was real.
 */
export class QueueConsumers {
  private readonly queues = new Map<string, ActiveQueue>();
  private closing = false;
  /** The publishing connection is down: nothing is consumed until it is back. */
  private held = false;
  private holdAnnounced = false;
  /** Queues declared at least once since the process started (the topology is durable). */
  private readonly declared = new Set<string>();
  private allDeclared = false;
  private readonly onConnected = (connection: ChannelModel) => void this.setUp(connection);
  private readonly onPublishingBack = () => void this.holdForPublishing(false);
  private readonly onPublishingLost = () => void this.holdForPublishing(true);
  private readonly connection: BrokerConnection;
  private readonly publishing: BrokerConnection;

  constructor(
    connections: ConsumerConnections,
    private readonly deliver: Deliver,
    private readonly metrics: MessagingMetrics,
    private readonly log: Logger,
    private readonly recoveryBackoff: BackoffPolicy = DEFAULT_RECOVERY,
  ) {
    this.connection = connections.consuming;
    this.publishing = connections.publishing;
  }

  add(key: string, plan: WorkQueue): void {
    this.queues.set(key, {
      key,
      plan,
      channel: undefined,
      acks: undefined,
      consumerTag: undefined,
      paused: false,
      starting: undefined,
      recovery: { timer: undefined, attempt: 0, lastAt: 0 },
    });
  }

  /** Every work queue, its bindings, tiers and parking lot declared (once is enough: durable). */
  get topologyDeclared(): boolean {
    return this.allDeclared;
  }

  get plans(): WorkQueue[] {
    return [...this.queues.values()].map((queue) => queue.plan);
  }

  /** Consumes now if the broker is connected, and again after every reconnect. */
  start(): void {
    // Both connections usually open just after this: waiting for the publishing one is normal
    // at start-up and not worth the warning a lost one gets.
    this.held = !this.publishing.isConnected;
    for (const active of this.queues.values()) this.showPaused(active);
    this.publishing.on('connected', this.onPublishingBack);
    this.publishing.on('disconnected', this.onPublishingLost);
    this.connection.on('connected', this.onConnected);
    const current = this.connection.current;
    if (current !== undefined) void this.setUp(current);
  }

  async pause(key: string): Promise<void> {
    const active = this.active(key);
    active.paused = true;
    this.showPaused(active);
    await this.cancelConsumer(active);
  }

  async resume(key: string): Promise<void> {
    const active = this.active(key);
    active.paused = false;
    this.showPaused(active);
    await this.consumeIfWanted(active);
  }

  /**
   * Holds every queue's consumer while the publishing connection is down (`true`) and lets them
   * consume again once it is back (`false`); independent of pause/resume, which a breaker uses.
   */
  private async holdForPublishing(held: boolean): Promise<void> {
    if (this.held === held || this.closing) return;
    this.held = held;
    // The silent hold of start-up ends silently too.
    if (held) this.log.warn('publishing connection down; consuming held until it is back');
    else if (this.holdAnnounced) this.log.info('publishing connection back; consuming again');
    this.holdAnnounced = held;
    const queues = [...this.queues.values()];
    for (const active of queues) this.showPaused(active);
    await Promise.all(
      queues.map(async (active) => {
        try {
          if (held) await this.cancelConsumer(active);
          else await this.consumeIfWanted(active);
        } catch (error) {
          // Refused, or the channel died meanwhile (a dead socket is noticed only at its
          // heartbeat): try again on the usual recovery path instead of failing the process.
          this.log.warn({ err: error, queue: active.plan.name }, 'could not start the consumer');
          this.recoverLater(this.connection.current, active, 'set-up-failed');
        }
      }),
    );
  }

  isPaused(key: string): boolean {
    return this.active(key).paused;
  }

  /** First step of a shutdown: no new deliveries, and no consumer set up again. */
  async cancelAll(): Promise<void> {
    this.closing = true;
    this.connection.off('connected', this.onConnected);
    this.publishing.off('connected', this.onPublishingBack);
    this.publishing.off('disconnected', this.onPublishingLost);
    for (const queue of this.queues.values()) clearTimeout(queue.recovery.timer);
    await Promise.all([...this.queues.values()].map((queue) => this.cancelConsumer(queue)));
    // A consumer still being set up has no tag to cancel yet; once it has one it sees `closing`
    // and cancels itself. Until then the broker may deliver to it, so wait for that too.
    const starting = [...this.queues.values()].flatMap((queue) => queue.starting ?? []);
    await Promise.allSettled(starting);
  }

  /** Last step of a shutdown, once in-flight handlers are done: settle and close. */
  async closeChannels(): Promise<void> {
    await Promise.all(
      [...this.queues.values()].map(async (queue) => {
        const channel = queue.channel;
        queue.acks?.flush();
        queue.channel = undefined;
        queue.acks = undefined;
        await channel?.close().catch(() => undefined);
      }),
    );
  }

  private async setUp(connection: ChannelModel): Promise<void> {
    if (this.closing) return;
    // A new connection sets every queue up: a recovery still waiting for the old one is moot,
    // and would otherwise stand in the way of one needed on this connection.
    for (const active of this.queues.values()) {
      clearTimeout(active.recovery.timer);
      active.recovery.timer = undefined;
      active.recovery.attempt = 0;
    }
    try {
      const topology = await openShortLivedChannel(connection);
      await declareExchanges(topology);
      for (const { plan } of this.queues.values()) await declareQueue(topology, plan);
      await topology.close();
      this.noteDeclared(...this.queues.keys());
    } catch (error) {
      // The connection dropped while declaring (its next `connected` sets up again), or a
      // declaration was refused (for instance a queue that exists with other arguments): then
      // each queue keeps trying on its own, and says why, loudly.
      this.log.error({ err: error }, 'could not set up the message topology');
      for (const active of this.queues.values())
        this.recoverLater(connection, active, 'set-up-failed');
      return;
    }
    for (const active of this.queues.values()) {
      try {
        await this.openChannel(connection, active);
      } catch (error) {
        // One queue that cannot start (its channel refused, the queue gone again) must not
        // keep the queues after it from consuming.
        this.log.warn({ err: error, queue: active.plan.name }, 'could not start the consumer');
        this.recoverLater(connection, active, 'set-up-failed');
      }
    }
    this.log.info({ queues: this.plans.map((queue) => queue.name) }, 'consumers ready');
  }

  private noteDeclared(...keys: string[]): void {
    for (const key of keys) this.declared.add(key);
    if (this.declared.size === this.queues.size) this.allDeclared = true;
  }

  private async openChannel(connection: ChannelModel, active: ActiveQueue): Promise<void> {
    const channel = await connection.createChannel();
    const acks = new AckBatcher(channel, (error) =>
      this.log.debug({ err: error }, 'ack or nack on a closed channel dropped'),
    );
    channel.on('error', (error: Error) =>
      this.log.warn({ err: error, queue: active.plan.name }, 'consumer channel error'),
    );
    channel.on('close', () => {
      acks.close();
      if (active.channel !== channel) return;
      active.channel = undefined;
      active.acks = undefined;
      active.consumerTag = undefined;
      // amqplib closes a lost connection's channels before it says the connection closed: a
      // turn later it is clear whether this was the channel alone (recover it) or the whole
      // connection (its 'connected' sets every queue up again).
      setImmediate(() => this.recoverLater(connection, active, 'channel-closed'));
    });
    await channel.prefetch(active.plan.prefetch, false);
    active.channel = channel;
    active.acks = acks;
    active.consumerTag = undefined;
    if (this.wantsDeliveries(active)) await this.consume(active, channel, acks);
  }

  /** Not paused by its breaker, not held for want of a publisher, not shutting down. */
  private wantsDeliveries(active: ActiveQueue): boolean {
    return !active.paused && !this.held && !this.closing;
  }

  private async consumeIfWanted(active: ActiveQueue): Promise<void> {
    if (
      this.wantsDeliveries(active) &&
      active.channel !== undefined &&
      active.acks !== undefined &&
      active.consumerTag === undefined
    )
      await this.consume(active, active.channel, active.acks);
  }

  private showPaused(active: ActiveQueue): void {
    this.metrics.consumerPaused.set(
      { queue: active.plan.name },
      active.paused || this.held ? 1 : 0,
    );
  }

  private async consume(active: ActiveQueue, channel: Channel, acks: AckBatcher): Promise<void> {
    if (active.starting !== undefined) return;
    const starting = this.startConsumer(active, channel, acks);
    active.starting = starting;
    let cancelledUnwanted: boolean;
    try {
      cancelledUnwanted = await starting;
    } finally {
      active.starting = undefined;
    }
    // A resume, a release or a new channel that came while that consumer was being cancelled
    // found it starting and did nothing: act on what is wanted now.
    if (cancelledUnwanted) await this.consumeIfWanted(active);
  }

  /** basic.consume; true when the new consumer turned out unwanted and was cancelled again. */
  private async startConsumer(
    active: ActiveQueue,
    channel: Channel,
    acks: AckBatcher,
  ): Promise<boolean> {
    // The broker may cancel the consumer in the same read as its consume-ok, before the
    // await below has given us the tag: remember that and act on it after the await.
    const started: { tag: string | undefined; cancelledEarly: boolean } = {
      tag: undefined,
      cancelledEarly: false,
    };
    const { consumerTag } = await channel.consume(
      active.plan.name,
      (message) => {
        if (message === null) {
          if (started.tag === undefined) started.cancelledEarly = true;
          else if (active.consumerTag === started.tag) this.consumerCancelled(channel, active);
          return;
        }
        acks.delivered(message);
        this.deliver(active, acks, message);
      },
      { noAck: false },
    );
    started.tag = consumerTag;
    if (started.cancelledEarly) {
      this.consumerCancelled(channel, active);
      return false;
    }
    // pause() (a breaker opening), a hold or close() while the consumer was being set up: it
    // found no consumer tag to cancel, so cancel the new consumer here instead of consuming on.
    if (!this.wantsDeliveries(active) || active.channel !== channel) {
      await channel.cancel(consumerTag).catch(() => undefined);
      return true;
    }
    active.consumerTag = consumerTag;
    return false;
  }

  private consumerCancelled(channel: Channel, active: ActiveQueue): void {
    if (active.channel !== channel) return;
    active.consumerTag = undefined;
    this.recoverLater(this.connection.current, active, 'consumer-cancelled');
  }

  /**
   * Sets a queue's consumer up again on the same connection after a wait. Nothing to do when
   * the connection itself went away: its 'connected' sets every queue up again anyway.
   */
  private recoverLater(
    connection: ChannelModel | undefined,
    active: ActiveQueue,
    reason: RecoveryReason,
  ): void {
    if (this.closing || connection === undefined || this.connection.current !== connection) return;
    if (active.recovery.timer !== undefined) return;
    const { recovery } = active;
    // A consumer that stayed up for a while starts from the short wait again.
    if (Date.now() - recovery.lastAt > this.recoveryBackoff.maxMs * 2) recovery.attempt = 0;
    const delayMs = backoffDelay(this.recoveryBackoff, recovery.attempt);
    recovery.attempt += 1;
    this.log.warn(
      { queue: active.plan.name, reason, retryInMs: delayMs },
      'the broker took the consumer away; setting it up again',
    );
    recovery.timer = setTimeout(() => {
      recovery.timer = undefined;
      recovery.lastAt = Date.now();
      void this.recover(connection, active, reason);
    }, delayMs);
    recovery.timer.unref();
  }

  private async recover(
    connection: ChannelModel,
    active: ActiveQueue,
    reason: RecoveryReason,
  ): Promise<void> {
    if (this.closing || this.connection.current !== connection) return;
    try {
      // The queue may be gone (a cancel usually means it was deleted): declare it again.
      const topology = await openShortLivedChannel(connection);
      await declareExchanges(topology);
      await declareQueue(topology, active.plan);
      await topology.close();
      this.noteDeclared(active.key);
      if (active.channel === undefined) await this.openChannel(connection, active);
      else await this.consumeIfWanted(active);
      this.metrics.consumerRecoveries.inc({ queue: active.plan.name, reason });
      this.log.info({ queue: active.plan.name, reason }, 'consumer set up again');
    } catch (error) {
      this.log.warn({ err: error, queue: active.plan.name }, 'could not set the consumer up again');
      this.recoverLater(connection, active, reason);
    }
  }

  private async cancelConsumer(active: ActiveQueue): Promise<void> {
    const { channel, consumerTag } = active;
    active.consumerTag = undefined;
    if (channel === undefined || consumerTag === undefined) return;
    try {
      await channel.cancel(consumerTag);
    } catch (error) {
      this.log.debug({ err: error }, 'consumer was already gone');
    }
  }

  private active(key: string): ActiveQueue {
    const active = this.queues.get(key);
    if (active === undefined) throw new Error(`This service has no queue '${key}'`);
    return active;
  }
}

async function declareExchanges(channel: Channel): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  await channel.assertExchange(COMMANDS_EXCHANGE, 'topic', { durable: true });
}

async function declareQueue(channel: Channel, plan: WorkQueue): Promise<void> {
  await channel.assertQueue(plan.parkingLot, { durable: true, arguments: parkingLotArguments() });
  await channel.assertQueue(plan.name, { durable: true, arguments: workQueueArguments(plan) });
  for (const binding of plan.bindings)
    await channel.bindQueue(plan.name, binding.exchange, binding.routingKey);
  for (const retry of plan.retryQueues) {
    await channel.assertQueue(retry.name, {
      durable: true,
      arguments: retryQueueArguments(plan.name, retry.delayMs),
    });
  }
}
