/** Today's date comes from here, so that date-dependent rules can be tested on fixed days. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
