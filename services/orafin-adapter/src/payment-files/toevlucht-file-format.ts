import {
  LayoutError,
  orafinFileName,
  parseOrafinFileName,
  readBetFile,
  readOutFile,
  writeInFile,
} from '../../../../contracts/orafin/layout';
import {
  InvalidPaymentFileError,
  type OrafinBetFile,
  type OrafinOutFile,
  type OutgoingInFile,
  type PaymentFileFormat,
} from './domain/payment-file-format';

/** Our model of Orafin's layout (contracts/orafin/README.md) behind the adapter's port. */
export class ToevluchtFileFormat implements PaymentFileFormat {
  constructor(private readonly senderId: string) {}

  inFileName(sequence: number): string {
    return orafinFileName('in', sequence);
  }

  outFileName(sequence: number): string {
    return orafinFileName('out', sequence);
  }

  classify(fileName: string): { kind: 'out' | 'bet'; sequence: number } | null {
    const parsed = parseOrafinFileName(fileName);
    if (parsed === null || parsed.kind === 'in') return null;
    return { kind: parsed.kind, sequence: parsed.sequence };
  }

  writeInFile(file: OutgoingInFile): string {
    return writeInFile({ ...file, sender: this.senderId });
  }

  readOutFile(text: string): OrafinOutFile {
    const file = translate(() => readOutFile(text));
    return {
      sequence: file.sequence,
      fileRejection:
        file.fileStatus === 'rejected'
          ? { code: file.fileReasonCode, text: file.fileReasonText }
          : null,
      records: file.records.map((answer) => ({
        reference: answer.reference,
        accepted: answer.status === 'accepted',
        reasonCode: answer.reasonCode,
        reasonText: answer.reasonText,
      })),
    };
  }

  readBetFile(text: string): OrafinBetFile {
    const file = translate(() => readBetFile(text));
    return {
      sequence: file.sequence,
      records: file.records.map((execution) => ({
        reference: execution.reference,
        paid: execution.status === 'paid',
        amountCents: execution.amountCents,
        executionDate: execution.executionDate,
        reasonCode: execution.reasonCode,
        reasonText: execution.reasonText,
      })),
    };
  }
}

function translate<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof LayoutError) throw new InvalidPaymentFileError(error.code, error.message);
    throw error;
  }
}
