/** Now comes from here, so that "has the month ended" can be tested on fixed days. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
