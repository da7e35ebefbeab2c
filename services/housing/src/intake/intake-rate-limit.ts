import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CLOCK, ProblemException, type Clock } from '@toevlucht/runtime';
import { TokenBuckets } from '../domain/token-bucket';

export const INTAKE_RATE = Symbol('INTAKE_RATE');
export interface IntakeRate {
  readonly burst: number;
  readonly perHour: number;
}

/**
 * The public intake's rate limit: a token bucket per client IP, in this replica's memory (see
 * TokenBuckets). The client IP is the socket's peer: behind a proxy, set Express's `trust proxy`
 * so that it is the client's and not the proxy's.
 */
@Injectable()
export class IntakeRateLimit {
  private readonly buckets: TokenBuckets;

  constructor(
    @Inject(INTAKE_RATE) rate: IntakeRate,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.buckets = new TokenBuckets(rate.burst, rate.perHour / 3600);
  }

  /** Takes a token for the caller or throws 429 with Retry-After. */
  take(request: Request, response: Response): void {
    const key = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const decision = this.buckets.take(key, this.clock.now().getTime());
    if (decision.allowed) return;
    response.setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new ProblemException(
      429,
      'rate-limited',
      'Too Many Requests',
      `too many offers from this address: try again in ${decision.retryAfterSeconds} s`,
      { retryAfterSeconds: decision.retryAfterSeconds },
    );
  }
}
