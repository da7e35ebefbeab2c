import {
  decideAgainstLedger,
  type PaymentOrderRequest,
  validatePaymentOrder,
} from './payment-order';
import { awaitsBetFileAnswer, awaitsOutFileAnswer } from './order-status';

const request = (overrides: Partial<PaymentOrderRequest> = {}): PaymentOrderRequest => ({
  paymentReference: '+++123/4567/89002+++',
  idempotencyKey: 'claim-7-version-2',
  requester: 'subsidy',
  beneficiary: { name: 'Gemeente Lier', iban: 'BE71 0961 2345 6769' },
  amountCents: 125_000,
  currency: 'EUR',
  communication: 'Opvangsubsidie 2026-02',
  ...overrides,
});

function valid(overrides: Partial<PaymentOrderRequest> = {}) {
  const result = validatePaymentOrder(request(overrides));
  if (!result.valid) throw new Error(`expected a valid order, got ${result.reasonCode}`);
  return result.order;
}

describe('validatePaymentOrder', () => {
  it('keeps the reference as 12 digits and the IBAN in electronic form', () => {
    expect(valid()).toMatchObject({
      reference: '123456789002',
      submittedReference: '+++123/4567/89002+++',
      iban: 'BE71096123456769',
      bic: undefined,
    });
  });

  it('refuses a reference failing mod 97 and an invalid IBAN, saying which', () => {
    expect(validatePaymentOrder(request({ paymentReference: '123456789003' }))).toMatchObject({
      valid: false,
      reasonCode: 'INVALID_REFERENCE',
    });
    expect(
      validatePaymentOrder(request({ beneficiary: { name: 'X', iban: 'BE00096123456769' } })),
    ).toMatchObject({ valid: false, reasonCode: 'INVALID_IBAN' });
  });
});

describe('decideAgainstLedger', () => {
  const order = valid();

  it('records an order the ledger has never seen', () => {
    expect(decideAgainstLedger(order, undefined, undefined)).toEqual({ kind: 'record' });
  });

  it('records the same order sent again only once', () => {
    const again = valid({ beneficiary: { name: 'Gemeente Lier', iban: 'BE71096123456769' } });
    expect(decideAgainstLedger(again, order, order)).toEqual({ kind: 'already-recorded' });
  });

  it('refuses a reference that belongs to another order (other amount or other key)', () => {
    expect(decideAgainstLedger(valid({ amountCents: 1 }), order, order)).toMatchObject({
      kind: 'conflict',
      reasonCode: 'REFERENCE_REUSED',
    });
    expect(decideAgainstLedger(valid({ idempotencyKey: 'other' }), order, undefined)).toMatchObject(
      { kind: 'conflict', reasonCode: 'REFERENCE_REUSED' },
    );
  });

  it('refuses a second reference for the same claim version', () => {
    const other = valid({ paymentReference: '000000009797' });
    expect(decideAgainstLedger(other, undefined, order)).toEqual({
      kind: 'conflict',
      reasonCode: 'KEY_REUSED',
    });
  });
});

describe('order status', () => {
  it('takes an OutFile answer only before one was applied, a BetFile answer only after acceptance', () => {
    expect(awaitsOutFileAnswer('batched')).toBe(true);
    expect(awaitsOutFileAnswer('sent')).toBe(true);
    expect(awaitsOutFileAnswer('accepted')).toBe(false);
    expect(awaitsOutFileAnswer('rejected')).toBe(false);
    expect(awaitsBetFileAnswer('accepted')).toBe(true);
    expect(awaitsBetFileAnswer('paid')).toBe(false);
    expect(awaitsBetFileAnswer('sent')).toBe(false);
  });
});
