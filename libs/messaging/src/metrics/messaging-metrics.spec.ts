import { Registry } from 'prom-client';
import { MessagingMetrics } from './messaging-metrics';

async function series(registry: Registry, name: string) {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).map(({ labels, value }) => ({ labels, value }));
}

describe('MessagingMetrics', () => {
  it('reports the per-message counts by queue and type when read, and keeps counting after', async () => {
    const registry = new Registry();
    const metrics = new MessagingMetrics(registry);
    metrics.countConsumed('a.default', 'x.y.v1');
    metrics.countConsumed('a.default', 'x.y.v1');
    metrics.countConsumed('a.lookups', 'x.z.v1');
    metrics.countAcked('a.default', 'x.y.v1');

    expect(await series(registry, 'toevlucht_messages_consumed_total')).toEqual([
      { labels: { queue: 'a.default', type: 'x.y.v1' }, value: 2 },
      { labels: { queue: 'a.lookups', type: 'x.z.v1' }, value: 1 },
    ]);
    expect(await series(registry, 'toevlucht_messages_acked_total')).toEqual([
      { labels: { queue: 'a.default', type: 'x.y.v1' }, value: 1 },
    ]);

    metrics.countConsumed('a.default', 'x.y.v1');
    const text = await registry.metrics();
    expect(text).toContain('toevlucht_messages_consumed_total{queue="a.default",type="x.y.v1"} 3');
    expect(text).toContain('toevlucht_messages_consumed_total{queue="a.lookups",type="x.z.v1"} 1');
  });

  it('observes handler durations by queue, type and outcome', async () => {
    const registry = new Registry();
    const metrics = new MessagingMetrics(registry);
    const started = performance.now() - 20;
    metrics.observeHandler('a.default', 'x.y.v1', 'success', started);
    metrics.observeHandler('a.default', 'x.y.v1', 'success', started);
    metrics.observeHandler('a.default', 'x.y.v1', 'failure', started);
    const text = await registry.metrics();
    expect(text).toContain(
      'toevlucht_message_handler_duration_seconds_count{queue="a.default",type="x.y.v1",outcome="success"} 2',
    );
    expect(text).toContain(
      'toevlucht_message_handler_duration_seconds_count{queue="a.default",type="x.y.v1",outcome="failure"} 1',
    );
    expect(text).toMatch(
      /toevlucht_message_handler_duration_seconds_bucket\{le="0\.01",queue="a\.default",type="x\.y\.v1",outcome="success"\} 0/,
    );
  });
});
