export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerStateChange {
  readonly breaker: string;
  readonly state: BreakerState;
  readonly previousState: BreakerState;
  readonly at: Date;
  /** Why it changed, e.g. the last failure's class; never personal data. */
  readonly reason?: string;
}

/** The gauge value of each state: 0 closed, 1 half-open, 2 open (higher is worse). */
export const STATE_GAUGE_VALUE: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};
