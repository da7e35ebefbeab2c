/**
 * An order's life in the ledger. Statuses only move forward, so an answer file read twice (a
 * crash between reading and archiving it) changes nothing the second time.
 *
 *   pending ─cut─► batched ─upload─► sent ─OutFile─► accepted ─BetFile─► paid
 *                                          └───────► rejected           └──► refused
 */
export type OrderStatus =
  'pending' | 'batched' | 'sent' | 'accepted' | 'rejected' | 'paid' | 'refused';

export const FINAL_STATUSES: readonly OrderStatus[] = ['rejected', 'paid', 'refused'];

/** Whether Orafin's OutFile answer may still be applied (batched: the upload crashed unrecorded). */
export function awaitsOutFileAnswer(status: OrderStatus): boolean {
  return status === 'batched' || status === 'sent';
}

export function awaitsBetFileAnswer(status: OrderStatus): boolean {
  return status === 'accepted';
}
