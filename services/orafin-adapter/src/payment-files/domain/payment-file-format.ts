/**
 * The port between the adapter and Orafin's file layout. The adapter writes InFiles and reads
 * OutFiles and BetFiles only through it, so the real (non-public) layout can replace our model
 * (contracts/orafin/) by implementing this interface; nothing else changes.
 */
export interface PaymentFileFormat {
  inFileName(sequence: number): string;
  outFileName(sequence: number): string;
  /** What an answer file in Orafin's outbound folder is, from its name; null for other files. */
  classify(fileName: string): { readonly kind: 'out' | 'bet'; readonly sequence: number } | null;
  writeInFile(file: OutgoingInFile): string;
  /** Throws InvalidPaymentFileError when the file is malformed in any way. */
  readOutFile(text: string): OrafinOutFile;
  /** Throws InvalidPaymentFileError when the file is malformed in any way. */
  readBetFile(text: string): OrafinBetFile;
}

export interface OutgoingInFile {
  readonly sequence: number;
  readonly createdAt: Date;
  readonly orders: readonly {
    readonly reference: string;
    readonly iban: string;
    readonly bic: string | undefined;
    readonly beneficiaryName: string;
    readonly amountCents: number;
    readonly currency: 'EUR';
    readonly communication: string;
  }[];
}

export interface OrafinOutFile {
  readonly sequence: number;
  /** Rejected as a whole: none of its records was processed. */
  readonly fileRejection: { readonly code: string; readonly text: string } | null;
  readonly records: readonly {
    readonly reference: string;
    readonly accepted: boolean;
    readonly reasonCode: string;
    readonly reasonText: string;
  }[];
}

export interface OrafinBetFile {
  readonly sequence: number;
  readonly records: readonly {
    readonly reference: string;
    readonly paid: boolean;
    readonly amountCents: number;
    readonly executionDate: string;
    readonly reasonCode: string;
    readonly reasonText: string;
  }[];
}

/** A file that cannot be trusted as a whole: nothing in it is acted on. */
export class InvalidPaymentFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidPaymentFileError';
  }
}
