/**
 * Orafin's SFTP drop as the adapter uses it. One session is one connection; every call in it
 * either completes or fails within the drop's timeout, and any failure is a partner failure.
 */
export interface FileDrop {
  /** `signal` aborts the session: its connection is dropped and its work fails. */
  session<T>(work: (session: DropSession) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export interface DropSession {
  exists(path: string): Promise<boolean>;
  list(folder: string): Promise<string[]>;
  read(path: string): Promise<string>;
  /**
   * Writes `<folder>/<name>.part`, then renames it to `<folder>/<name>`, so the file appears
   * complete or not at all. 'already-there' when a file with this name and content exists (an
   * earlier upload whose outcome was never recorded); a different file under the name throws.
   */
  uploadAtomically(
    folder: string,
    name: string,
    content: string,
  ): Promise<'written' | 'already-there'>;
  /** Moves a file; when the target already exists (moved before), removes the source. */
  move(from: string, to: string): Promise<void>;
}

/** The drop could not be reached or did not answer: try again later, nothing is lost. */
export class DropUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DropUnavailableError';
  }
}
