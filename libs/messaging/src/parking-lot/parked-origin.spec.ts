import { parkedOrigin } from './parked-origin';

describe('parkedOrigin', () => {
  it('reads the transport’s own headers first', () => {
    expect(
      parkedOrigin({
        'x-toevlucht-parked-from': 'registration',
        'x-toevlucht-park-reason': 'retries-exhausted',
        'x-death': [{ queue: 'elsewhere', reason: 'delivery_limit' }],
      }),
    ).toEqual({ queue: 'registration', reason: 'retries-exhausted' });
  });

  it('reads x-death for a message the broker parked at its delivery limit, past the retry tiers', () => {
    expect(
      parkedOrigin({
        'x-death': [
          { queue: 'registration', reason: 'delivery_limit', count: 1 },
          { queue: 'registration.retry.1', reason: 'expired', count: 1 },
        ],
      }),
    ).toEqual({ queue: 'registration', reason: 'broker: delivery_limit' });
    expect(
      parkedOrigin({
        'x-death': [
          { queue: 'registration.retry.1', reason: 'expired', count: 2 },
          { queue: 'registration', reason: 'rejected', count: 1 },
        ],
      }),
    ).toEqual({ queue: 'registration', reason: 'broker: rejected' });
  });

  it('knows no origin when neither says one', () => {
    expect(parkedOrigin(undefined)).toBeUndefined();
    expect(parkedOrigin({})).toBeUndefined();
    expect(parkedOrigin({ 'x-toevlucht-parked-from': '' })).toBeUndefined();
    expect(parkedOrigin({ 'x-death': 'not a list' })).toBeUndefined();
    expect(
      parkedOrigin({ 'x-death': [null, { reason: 'expired', queue: 'q.retry.1' }] }),
    ).toBeUndefined();
  });
});
