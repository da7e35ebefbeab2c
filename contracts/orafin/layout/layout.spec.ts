import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type InFileOrder,
  LayoutError,
  orafinFileName,
  parseOrafinFileName,
  RECORD_LENGTH,
  readBetFile,
  readInFile,
  readOutFile,
  writeBetFile,
  writeInFile,
  writeOutFile,
} from './index';

const golden = (name: string) => readFileSync(join(__dirname, '../golden', name), 'latin1');
const createdAt = new Date('2026-03-02T08:15:30Z');

const orders: InFileOrder[] = [
  {
    reference: '000000123470',
    iban: 'BE71 0961 2345 6769',
    bic: 'GKCCBEBB',
    beneficiaryName: 'Gemeente Sint-Genesius-Rode',
    amountCents: 1_234_567,
    currency: 'EUR',
    communication: 'Opvangsubsidie 2026-02',
  },
  {
    reference: '000000124581',
    iban: 'NL91ABNA0417164300',
    beneficiaryName: 'OCMW Hélécine & Zoë',
    amountCents: 5,
    currency: 'EUR',
    communication: 'Opvangsubsidie 2026-02',
  },
];

function expectLayoutError(read: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(LayoutError);
  expect((thrown as LayoutError).code).toBe(code);
}

describe('InFile', () => {
  it('is written exactly as the golden file', () => {
    const text = writeInFile({ sequence: 42, createdAt, sender: 'TOEVLUCHT', orders });
    expect(text).toBe(golden('TVL_IN_000042.txt'));
    for (const line of text.slice(0, -1).split('\n')) expect(line).toHaveLength(RECORD_LENGTH);
  });

  it('reads back what was written, names transliterated to the bank character set', () => {
    const read = readInFile(golden('TVL_IN_000042.txt'));
    expect(read.sequence).toBe(42);
    expect(read.totalCents).toBe(1_234_572);
    expect(read.orders.map((order) => order.reference)).toEqual(['000000123470', '000000124581']);
    expect(read.orders[0]).toMatchObject({ iban: 'BE71096123456769', bic: 'GKCCBEBB' });
    expect(read.orders[1]!.beneficiaryName).toBe('OCMW Helecine   Zoe');
    expect(read.orders[1]!.bic).toBeUndefined();
  });

  it('rejects a file whose trailer total does not match its records', () => {
    expectLayoutError(() => readInFile(golden('TVL_IN_000042.wrong-total.txt')), 'TOTAL');
  });

  it('rejects a file cut short', () => {
    const text = golden('TVL_IN_000042.txt');
    expectLayoutError(() => readInFile(text.slice(0, text.length - 150)), 'TRUNCATED');
  });

  it('refuses to write a reference that is not 12 digits', () => {
    expect(() =>
      writeInFile({
        sequence: 1,
        createdAt,
        sender: 'T',
        orders: [{ ...orders[0]!, reference: '12345' }],
      }),
    ).toThrow(RangeError);
  });
});

describe('OutFile', () => {
  it('is read from the golden file: one accepted, one rejected with its reason', () => {
    const read = readOutFile(golden('TVL_OUT_000042.txt'));
    expect(read).toEqual({
      sequence: 42,
      fileStatus: 'accepted',
      fileReasonCode: '',
      fileReasonText: '',
      records: [
        { reference: '000000123470', status: 'accepted', reasonCode: '', reasonText: '' },
        {
          reference: '000000124581',
          status: 'rejected',
          reasonCode: 'DUPL',
          reasonText: 'reference already received in an earlier file',
        },
      ],
    });
  });

  it('is written exactly as the golden file', () => {
    const read = readOutFile(golden('TVL_OUT_000042.txt'));
    expect(writeOutFile({ ...read, createdAt })).toBe(golden('TVL_OUT_000042.txt'));
  });

  it('rejects a truncated file as a whole', () => {
    expectLayoutError(() => readOutFile(golden('TVL_OUT_000042.truncated.txt')), 'TRUNCATED');
  });

  it('rejects a file whose records no longer match the trailer counts (a record altered)', () => {
    const text = golden('TVL_OUT_000042.txt').replace('000000124581R', '000000124581A');
    expectLayoutError(() => readOutFile(text), 'TOTAL');
  });
});

describe('BetFile', () => {
  it('is read from the golden file', () => {
    const read = readBetFile(golden('TVL_BET_000042.txt'));
    expect(read.sequence).toBe(42);
    expect(read.records).toEqual([
      {
        reference: '000000123470',
        status: 'paid',
        amountCents: 1_234_567,
        executionDate: '2026-03-04',
        reasonCode: '',
        reasonText: '',
      },
    ]);
  });

  it('is written exactly as the golden file', () => {
    const read = readBetFile(golden('TVL_BET_000042.txt'));
    expect(writeBetFile({ ...read, createdAt })).toBe(golden('TVL_BET_000042.txt'));
  });

  it('rejects a file whose trailer total paid is wrong: nothing in it may count as paid', () => {
    expectLayoutError(() => readBetFile(golden('TVL_BET_000042.wrong-total.txt')), 'TOTAL');
  });

  it('rejects a checksum mismatch', () => {
    const text = golden('TVL_BET_000042.txt').replace('20260304', '20260305');
    expectLayoutError(() => readBetFile(text), 'CHECKSUM');
  });
});

describe('file names', () => {
  it('carry the kind and the sequence number', () => {
    expect(orafinFileName('in', 42)).toBe('TVL_IN_000042.txt');
    expect(parseOrafinFileName('TVL_BET_000042.txt')).toEqual({ kind: 'bet', sequence: 42 });
    expect(parseOrafinFileName('TVL_IN_000042.txt.part')).toBeNull();
  });
});
