/**
 * The simulator's switchable faults, set through its admin endpoint. Each stands for something
 * a real SFTP drop does: slow answers, no answers, refused logins, a full disk, a failed upload,
 * an outage, an OutFile cut short or garbled.
 */
export interface SftpFaults {
  /** Every SFTP answer is delayed this long. */
  latencyMs: number;
  /** SFTP requests are never answered (the client's timeout must fire). */
  hang: boolean;
  /** Connections are dropped before authentication until this time (epoch ms). */
  outageUntil: number;
  /** Every login is refused. */
  authFailure: boolean;
  /** Every write fails, as on a full disk. */
  diskFull: boolean;
  /** Share (0–1) of renames into in/ that fail: the upload never arrives. */
  uploadFailureRate: number;
  /** A rename into in/ is carried out, but its answer is held this long (a crash window). */
  renameReplyDelayMs: number;
  /** Moves into archive/ are neither carried out nor answered (a client stuck after reading). */
  archiveHang: boolean;
  /** OutFiles are written cut short. */
  truncateOutFiles: boolean;
  /** OutFiles are written as text that is no valid file at all. */
  malformedOutFiles: boolean;
  /** Delay between an InFile and its OutFile. */
  outFileDelayMs: number;
  /** Delay between an OutFile and the BetFile with the executed payments. */
  betFileDelayMs: number;
  /** Share (0–1) of accepted orders the bank refuses at execution. */
  betRefusalRate: number;
}

export const NO_FAULTS: SftpFaults = {
  latencyMs: 0,
  hang: false,
  outageUntil: 0,
  authFailure: false,
  diskFull: false,
  uploadFailureRate: 0,
  renameReplyDelayMs: 0,
  archiveHang: false,
  truncateOutFiles: false,
  malformedOutFiles: false,
  outFileDelayMs: 0,
  betFileDelayMs: 1_000,
  betRefusalRate: 0,
};

/** Applies an admin request: known keys with values of the right type; `outageMs` starts one. */
export function updateFaults(current: SftpFaults, request: Record<string, unknown>, now: number) {
  const next: SftpFaults = { ...current };
  for (const [key, value] of Object.entries(request)) {
    if (key === 'outageMs' && typeof value === 'number') next.outageUntil = now + value;
    else if (key in next && typeof value === typeof next[key as keyof SftpFaults]) {
      (next as unknown as Record<string, unknown>)[key] = value;
    } else throw new Error(`unknown fault or wrong type: ${key}`);
  }
  return next;
}
