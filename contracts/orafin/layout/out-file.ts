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

/** Orafin's answer to one InFile record: accepted for payment, or rejected with a reason. */
export interface OutFileRecord {
  readonly reference: string;
  readonly status: 'accepted' | 'rejected';
  /** Four characters, e.g. DUPL, IBAN; blank when accepted. */
  readonly reasonCode: string;
  readonly reasonText: string;
}

export interface OutFile {
  /** The sequence number of the InFile this answers. */
  readonly sequence: number;
  readonly createdAt: Date;
  /** A rejected file was not processed at all: its records are neither accepted nor rejected. */
  readonly fileStatus: 'accepted' | 'rejected';
  readonly fileReasonCode: string;
  readonly fileReasonText: string;
  readonly records: readonly OutFileRecord[];
}

const STATUS = { accepted: 'A', rejected: 'R' } as const;

export function writeOutFile(file: OutFile): string {
  const details = file.records.map((answer, index) =>
    record(
      'D',
      layoutNumber(index + 1, 6),
      answer.reference,
      STATUS[answer.status],
      layoutText(answer.reasonCode, 4),
      layoutText(answer.reasonText, 60),
    ),
  );
  const accepted = file.records.filter((answer) => answer.status === 'accepted').length;
  return joinRecords([
    record(
      'H',
      'OUT',
      layoutNumber(file.sequence, 6),
      layoutTimestamp(file.createdAt),
      STATUS[file.fileStatus],
      layoutText(file.fileReasonCode, 4),
      layoutText(file.fileReasonText, 60),
    ),
    ...details,
    record(
      'T',
      layoutNumber(file.records.length, 6),
      layoutNumber(accepted, 6),
      layoutNumber(file.records.length - accepted, 6),
      layoutNumber(file.sequence, 6),
      checksum(details),
    ),
  ]);
}

export type ReadOutFile = Omit<OutFile, 'createdAt'>;

export function readOutFile(text: string): ReadOutFile {
  const { header, details, detailLines, trailer } = splitFile(text, 'OUT');
  const sequence = header.number(5, 10, 'sequence');
  const records = details.map((detail, index): OutFileRecord => {
    if (detail.number(2, 7, 'record number') !== index + 1) {
      throw new LayoutError('FIELD', `record ${index + 1} is out of order`);
    }
    const reference = detail.text(8, 19);
    if (!/^\d{12}$/.test(reference)) throw new LayoutError('FIELD', 'reference is not 12 digits');
    const status = detail.oneOf(20, 20, 'status', ['A', 'R'] as const);
    return {
      reference,
      status: status === 'A' ? 'accepted' : 'rejected',
      reasonCode: detail.text(21, 24),
      reasonText: detail.text(25, 84),
    };
  });
  const accepted = records.filter((answer) => answer.status === 'accepted').length;
  expectEqual('COUNT', 'record count', trailer.number(2, 7, 'record count'), records.length);
  expectEqual('TOTAL', 'accepted count', trailer.number(8, 13, 'accepted count'), accepted);
  expectEqual(
    'TOTAL',
    'rejected count',
    trailer.number(14, 19, 'rejected count'),
    records.length - accepted,
  );
  expectEqual('SEQUENCE', 'sequence', trailer.number(20, 25, 'sequence'), sequence);
  if (trailer.text(26, 33) !== checksum(detailLines)) {
    throw new LayoutError('CHECKSUM', 'trailer checksum does not match the records');
  }
  const fileStatus = header.oneOf(25, 25, 'file status', ['A', 'R'] as const);
  return {
    sequence,
    fileStatus: fileStatus === 'A' ? 'accepted' : 'rejected',
    fileReasonCode: header.text(26, 29),
    fileReasonText: header.text(30, 89),
    records,
  };
}
