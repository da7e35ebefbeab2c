import type { Breaker } from '@toevlucht/resilience';
import type { DropSession, FileDrop } from './file-drop';

/**
 * The drop behind the Orafin breaker: a session is one guarded call (connection, uploads,
 * answers), so connection and upload failures count against Orafin, and while the breaker is
 * open no connection is attempted at all: the saga's next cycle simply finds it open.
 */
export class GuardedFileDrop implements FileDrop {
  constructor(
    private readonly inner: FileDrop,
    private readonly breaker: Breaker,
  ) {}

  /** `signal` (the saga's: its drop lock was lost) ends the session as the breaker's timeout does. */
  session<T>(work: (session: DropSession) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.breaker.call(
      (callSignal) =>
        this.inner.session(
          work,
          signal === undefined ? callSignal : AbortSignal.any([callSignal, signal]),
        ),
      { waitWhileOpen: false },
    );
  }
}
