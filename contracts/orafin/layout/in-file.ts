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

/** One payment order as the InFile carries it. */
export interface InFileOrder {
  /** The structured reference (OGM) as 12 digits, unique across every file ever sent. */
  readonly reference: string;
  readonly iban: string;
  readonly bic?: string | undefined;
  readonly beneficiaryName: string;
  readonly amountCents: number;
  readonly currency: 'EUR';
  readonly communication: string;
}

export interface InFile {
  readonly sequence: number;
  readonly createdAt: Date;
  readonly sender: string;
  readonly orders: readonly InFileOrder[];
}

/** An order as read back: text fields as the layout holds them (transliterated, cut to width). */
export interface ReadInFile {
  readonly sequence: number;
  readonly sender: string;
  readonly orders: readonly InFileOrder[];
  readonly totalCents: number;
}

export function writeInFile(file: InFile): string {
  const details = file.orders.map((order, index) =>
    record(
      'D',
      layoutNumber(index + 1, 6),
      digits(order.reference, 12, 'reference'),
      layoutText(order.iban.replace(/\s/g, '').toUpperCase(), 34),
      layoutText((order.bic ?? '').toUpperCase(), 11),
      layoutText(order.beneficiaryName, 70),
      layoutNumber(order.amountCents, 12),
      layoutText(order.currency, 3),
      layoutText(order.communication, 50),
    ),
  );
  const total = file.orders.reduce((sum, order) => sum + order.amountCents, 0);
  return joinRecords([
    record(
      'H',
      'INF',
      layoutNumber(file.sequence, 6),
      layoutTimestamp(file.createdAt),
      layoutText(file.sender, 10),
    ),
    ...details,
    record(
      'T',
      layoutNumber(file.orders.length, 6),
      layoutNumber(total, 15),
      layoutNumber(file.sequence, 6),
      checksum(details),
    ),
  ]);
}

export function readInFile(text: string): ReadInFile {
  const { header, details, detailLines, trailer } = splitFile(text, 'INF');
  const sequence = header.number(5, 10, 'sequence');
  const orders = details.map((detail, index): InFileOrder => {
    const recordNumber = detail.number(2, 7, 'record number');
    if (recordNumber !== index + 1) {
      throw new LayoutError('FIELD', `record ${index + 1} is numbered ${recordNumber}`);
    }
    const reference = detail.text(8, 19);
    if (!/^\d{12}$/.test(reference)) throw new LayoutError('FIELD', 'reference is not 12 digits');
    const bic = detail.text(54, 64);
    return {
      reference,
      iban: detail.text(20, 53),
      ...(bic === '' ? {} : { bic }),
      beneficiaryName: detail.text(65, 134),
      amountCents: detail.number(135, 146, 'amount'),
      currency: detail.oneOf(147, 149, 'currency', ['EUR'] as const),
      communication: detail.text(150, 199),
    };
  });
  const totalCents = orders.reduce((sum, order) => sum + order.amountCents, 0);
  expectEqual('COUNT', 'record count', trailer.number(2, 7, 'record count'), orders.length);
  expectEqual('TOTAL', 'total amount', trailer.number(8, 22, 'total amount'), totalCents);
  expectEqual('SEQUENCE', 'sequence', trailer.number(23, 28, 'sequence'), sequence);
  if (trailer.text(29, 36) !== checksum(detailLines)) {
    throw new LayoutError('CHECKSUM', 'trailer checksum does not match the records');
  }
  return { sequence, sender: header.text(25, 34), orders, totalCents };
}

function digits(value: string, width: number, field: string): string {
  if (!new RegExp(`^\\d{${width}}$`).test(value)) {
    throw new RangeError(`${field} must be ${width} digits`);
  }
  return value;
}
