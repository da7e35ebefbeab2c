import { Breaker } from './breaker';
import { ConsumerGate, type PausableConsumer } from './consumer-gate';

/** A consumer whose pause/resume take a while, to let state changes overlap them. */
class SlowConsumer implements PausableConsumer {
  readonly calls: string[] = [];
  running = true;
  active = 0;
  maxActive = 0;

  pause(): Promise<void> {
    return this.switch('pause', false);
  }

  resume(): Promise<void> {
    return this.switch('resume', true);
  }

  private async switch(call: string, running: boolean): Promise<void> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.calls.push(call);
    await new Promise((resolve) => setTimeout(resolve, 10));
    this.running = running;
    this.active -= 1;
  }
}

const settings = {
  name: 'partner.Operation',
  timeoutMs: 1_000,
  slowCallMs: 1_000,
  volumeThreshold: 1,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 60_000,
  rollingWindowMs: 10_000,
  maxConcurrent: 5,
};

describe('ConsumerGate', () => {
  it('pauses while a breaker is open and resumes when it half-opens', async () => {
    const breaker = new Breaker({ settings });
    const consumer = new SlowConsumer();
    const gate = new ConsumerGate(consumer, [breaker]);
    breaker['circuit'].open();
    await gate.settled();
    expect(consumer.running).toBe(false);
    expect(gate.paused).toBe(true);
    // opossum half-opens on its reset timer; close() stands in for a successful probe.
    breaker['circuit'].close();
    await gate.settled();
    expect(consumer.running).toBe(true);
    expect(consumer.calls).toEqual(['pause', 'resume']);
    gate.close();
    breaker.shutdown();
  });

  it('applies quick changes one at a time and ends in the latest wanted state', async () => {
    const breaker = new Breaker({ settings });
    const consumer = new SlowConsumer();
    const gate = new ConsumerGate(consumer, [breaker]);
    breaker['circuit'].open();
    breaker['circuit'].close();
    breaker['circuit'].open();
    await gate.settled();
    expect(consumer.maxActive).toBe(1);
    expect(consumer.running).toBe(false);
    breaker['circuit'].close();
    breaker['circuit'].open();
    breaker['circuit'].close();
    await gate.settled();
    expect(consumer.maxActive).toBe(1);
    expect(consumer.running).toBe(true);
    gate.close();
    breaker.shutdown();
  });

  it('stays paused while any of its breakers is open', async () => {
    const first = new Breaker({ settings });
    const second = new Breaker({ settings: { ...settings, name: 'partner.Other' } });
    const consumer = new SlowConsumer();
    const gate = new ConsumerGate(consumer, [first, second]);
    first['circuit'].open();
    second['circuit'].open();
    first['circuit'].close();
    await gate.settled();
    expect(consumer.running).toBe(false);
    second['circuit'].close();
    await gate.settled();
    expect(consumer.running).toBe(true);
    gate.close();
    first.shutdown();
    second.shutdown();
  });
});
