import {
  checksum,
  expectEqual,
  joinRecords,
  LayoutError,
  layoutNumber,
  layoutText,
  layoutTimestamp,
  record,
  splitFile,
} from './fields';

/** The execution of one accepted order: paid, or refused by the bank after acceptance. */
export interface BetFileRecord {
  readonly reference: string;
  readonly status: 'paid' | 'refused';
  readonly amountCents: number;
  /** YYYY-MM-DD. */
  readonly executionDate: string;
  readonly reasonCode: string;
  readonly reasonText: string;
}

export interface BetFile {
  /** The sequence number of the InFile whose accepted orders this reports. */
  readonly sequence: number;
  readonly createdAt: Date;
  readonly records: readonly BetFileRecord[];
}

const STATUS = { paid: 'P', refused: 'F' } as const;

export function writeBetFile(file: BetFile): string {
  const details = file.records.map((execution, index) =>
    record(
      'D',
      layoutNumber(index + 1, 6),
      execution.reference,
      STATUS[execution.status],
      layoutNumber(execution.amountCents, 12),
      execution.executionDate.replace(/-/g, ''),
      layoutText(execution.reasonCode, 4),
      layoutText(execution.reasonText, 60),
    ),
  );
  const paid = file.records
    .filter((execution) => execution.status === 'paid')
    .reduce((sum, execution) => sum + execution.amountCents, 0);
  return joinRecords([
    record('H', 'BET', layoutNumber(file.sequence, 6), layoutTimestamp(file.createdAt)),
    ...details,
    record(
      'T',
      layoutNumber(file.records.length, 6),
      layoutNumber(paid, 15),
      layoutNumber(file.sequence, 6),
      checksum(details),
    ),
  ]);
}

export type ReadBetFile = Omit<BetFile, 'createdAt'>;

export function readBetFile(text: string): ReadBetFile {
  const { header, details, detailLines, trailer } = splitFile(text, 'BET');
  const sequence = header.number(5, 10, 'sequence');
  const records = details.map((detail, index): BetFileRecord => {
    if (detail.number(2, 7, 'record number') !== index + 1) {
      throw new LayoutError('FIELD', `record ${index + 1} is out of order`);
    }
    const reference = detail.text(8, 19);
    if (!/^\d{12}$/.test(reference)) throw new LayoutError('FIELD', 'reference is not 12 digits');
    const date = detail.text(33, 40);
    if (!/^\d{8}$/.test(date)) throw new LayoutError('FIELD', 'execution date is not YYYYMMDD');
    return {
      reference,
      status: detail.oneOf(20, 20, 'status', ['P', 'F'] as const) === 'P' ? 'paid' : 'refused',
      amountCents: detail.number(21, 32, 'amount'),
      executionDate: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      reasonCode: detail.text(41, 44),
      reasonText: detail.text(45, 104),
    };
  });
  const paid = records
    .filter((execution) => execution.status === 'paid')
    .reduce((sum, execution) => sum + execution.amountCents, 0);
  expectEqual('COUNT', 'record count', trailer.number(2, 7, 'record count'), records.length);
  expectEqual('TOTAL', 'total paid', trailer.number(8, 22, 'total paid'), paid);
  expectEqual('SEQUENCE', 'sequence', trailer.number(23, 28, 'sequence'), sequence);
  if (trailer.text(29, 36) !== checksum(detailLines)) {
    throw new LayoutError('CHECKSUM', 'trailer checksum does not match the records');
  }
  return { sequence, records };
}
