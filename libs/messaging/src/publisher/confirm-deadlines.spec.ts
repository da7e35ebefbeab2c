import { jest } from '@jest/globals';
import { ConfirmDeadlines } from './confirm-deadlines';

describe('ConfirmDeadlines', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('expires each unsettled publish when its own timeout falls due', () => {
    const deadlines = new ConfirmDeadlines(1_000);
    const expired: string[] = [];
    deadlines.add(() => expired.push('a'));
    jest.advanceTimersByTime(400);
    deadlines.add(() => expired.push('b'));
    jest.advanceTimersByTime(599);
    expect(expired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    jest.advanceTimersByTime(399);
    expect(expired).toEqual(['a']);
    jest.advanceTimersByTime(1);
    expect(expired).toEqual(['a', 'b']);
    expect(deadlines.pending).toBe(0);
  });

  it('never expires a settled publish, whatever order the confirms come in', () => {
    const deadlines = new ConfirmDeadlines(1_000);
    const expired: number[] = [];
    const all = [0, 1, 2, 3].map((index) => {
      jest.advanceTimersByTime(100);
      return deadlines.add(() => expired.push(index));
    });
    deadlines.settle(all[2]!);
    deadlines.settle(all[0]!);
    jest.advanceTimersByTime(2_000);
    expect(expired).toEqual([1, 3]);
    expect(deadlines.pending).toBe(0);
  });

  it('keeps no timer once every publish is settled, and starts one for the next', () => {
    const deadlines = new ConfirmDeadlines(1_000);
    const expired: string[] = [];
    const first = deadlines.add(() => expired.push('first'));
    deadlines.settle(first);
    expect(jest.getTimerCount()).toBe(0);
    deadlines.add(() => expired.push('second'));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1_000);
    expect(expired).toEqual(['second']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ignores a second settle and a settle after expiry', () => {
    const deadlines = new ConfirmDeadlines(1_000);
    const expired: string[] = [];
    const late = deadlines.add(() => expired.push('late'));
    const other = deadlines.add(() => expired.push('other'));
    jest.advanceTimersByTime(1_000);
    deadlines.settle(late);
    deadlines.settle(other);
    deadlines.settle(other);
    expect(expired).toEqual(['late', 'other']);
    expect(deadlines.pending).toBe(0);
  });

  it('stays bounded over a long run of confirms in order', () => {
    const deadlines = new ConfirmDeadlines(1_000);
    let live = deadlines.add(() => undefined);
    for (let index = 0; index < 10_000; index += 1) {
      const next = deadlines.add(() => undefined);
      deadlines.settle(live);
      live = next;
    }
    expect(deadlines.pending).toBe(1);
    expect((deadlines as unknown as { queue: unknown[] }).queue.length).toBeLessThan(3_000);
  });
});
