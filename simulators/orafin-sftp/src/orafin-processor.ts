import { isValidIBAN } from 'ibantools';
import {
  type BetFileRecord,
  LayoutError,
  type LayoutErrorCode,
  orafinFileName,
  type OutFileRecord,
  parseOrafinFileName,
  readInFile,
  writeBetFile,
  writeOutFile,
} from '../../../contracts/orafin/layout';
import type { SftpFaults } from './faults';
import type { VirtualFiles } from './virtual-files';

/** What the simulator received: one entry per InFile, for tests and the admin endpoint. */
export interface ReceivedInFile {
  readonly name: string;
  readonly sequence: number;
  readonly outcome: 'processed' | 'rejected';
  readonly references: readonly string[];
  readonly accepted: number;
  readonly rejected: number;
}

const FILE_REASON: Record<LayoutErrorCode, string> = {
  TRUNCATED: 'LAYO',
  RECORD_LENGTH: 'LAYO',
  RECORD_TYPE: 'LAYO',
  FIELD: 'LAYO',
  COUNT: 'TOTL',
  TOTAL: 'TOTL',
  SEQUENCE: 'SEQN',
  CHECKSUM: 'CHKS',
};

/**
 * Orafin's side of the drop: validates each InFile (layout, totals, structured references,
 * IBANs, references already received in any earlier file), writes its OutFile and later a
 * BetFile for the accepted records.
 */
export class OrafinProcessor {
  readonly received: ReceivedInFile[] = [];
  private readonly seenReferences = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly files: VirtualFiles,
    private readonly faults: () => SftpFaults,
    private readonly random: () => number = Math.random,
  ) {}

  /** Called when a file appears under its final name in in/. */
  inFileArrived(path: string): void {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const parsed = parseOrafinFileName(name);
    const file = this.files.get(path);
    if (parsed?.kind !== 'in' || file === undefined) return;
    const answer = this.process(name, parsed.sequence, file.content.toString('latin1'));
    this.later(this.faults().outFileDelayMs, () => {
      this.files.put(`/out/${orafinFileName('out', parsed.sequence)}`, answer.outFile);
      if (answer.accepted.length > 0) {
        this.later(this.faults().betFileDelayMs, () =>
          this.files.put(
            `/out/${orafinFileName('bet', parsed.sequence)}`,
            this.betFile(parsed.sequence, answer.accepted),
          ),
        );
      }
    });
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private process(name: string, sequence: number, text: string) {
    let orders;
    try {
      const inFile = readInFile(text);
      if (inFile.sequence !== sequence) {
        throw new LayoutError('SEQUENCE', 'the header sequence differs from the file name');
      }
      orders = inFile.orders;
    } catch (error) {
      if (!(error instanceof LayoutError)) throw error;
      this.received.push({
        name,
        sequence,
        outcome: 'rejected',
        references: [],
        accepted: 0,
        rejected: 0,
      });
      return {
        outFile: this.outFile(sequence, [], { code: FILE_REASON[error.code], text: error.message }),
        accepted: [] as { reference: string; amountCents: number }[],
      };
    }
    const records: OutFileRecord[] = orders.map((order) => {
      const reason = this.refusal(order.reference, order.iban);
      this.seenReferences.add(order.reference);
      return reason === null
        ? { reference: order.reference, status: 'accepted', reasonCode: '', reasonText: '' }
        : { reference: order.reference, status: 'rejected', ...reason };
    });
    const accepted = orders.filter((_, index) => records[index]!.status === 'accepted');
    this.received.push({
      name,
      sequence,
      outcome: 'processed',
      references: orders.map((order) => order.reference),
      accepted: accepted.length,
      rejected: orders.length - accepted.length,
    });
    return { outFile: this.outFile(sequence, records, null), accepted };
  }

  private refusal(reference: string, iban: string) {
    if (this.seenReferences.has(reference)) {
      return { reasonCode: 'DUPL', reasonText: 'reference already received in an earlier file' };
    }
    if (!validStructuredReference(reference)) {
      return { reasonCode: 'REFS', reasonText: 'structured reference check digits are wrong' };
    }
    if (!isValidIBAN(iban)) return { reasonCode: 'IBAN', reasonText: 'IBAN is not valid' };
    return null;
  }

  private outFile(
    sequence: number,
    records: OutFileRecord[],
    rejection: { code: string; text: string } | null,
  ): Buffer {
    const faults = this.faults();
    if (faults.malformedOutFiles) return Buffer.from('<html>502 Bad Gateway</html>\n');
    const text = writeOutFile({
      sequence,
      createdAt: new Date(),
      fileStatus: rejection === null ? 'accepted' : 'rejected',
      fileReasonCode: rejection?.code ?? '',
      fileReasonText: rejection?.text ?? '',
      records,
    });
    return Buffer.from(faults.truncateOutFiles ? text.slice(0, Math.floor(text.length / 2)) : text);
  }

  private betFile(sequence: number, accepted: { reference: string; amountCents: number }[]) {
    const today = new Date().toISOString().slice(0, 10);
    const records: BetFileRecord[] = accepted.map((order) =>
      this.random() < this.faults().betRefusalRate
        ? {
            reference: order.reference,
            status: 'refused',
            amountCents: order.amountCents,
            executionDate: today,
            reasonCode: 'ACCT',
            reasonText: 'beneficiary account closed',
          }
        : {
            reference: order.reference,
            status: 'paid',
            amountCents: order.amountCents,
            executionDate: today,
            reasonCode: '',
            reasonText: '',
          },
    );
    return Buffer.from(writeBetFile({ sequence, createdAt: new Date(), records }));
  }

  private later(delayMs: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, delayMs);
    this.timers.add(timer);
  }
}

function validStructuredReference(reference: string): boolean {
  const remainder = Number(reference.slice(0, 10)) % 97;
  return String(remainder === 0 ? 97 : remainder).padStart(2, '0') === reference.slice(10);
}
