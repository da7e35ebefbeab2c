import { beneficiaryAccount } from './beneficiary-account';
import { parseStructuredReference } from './structured-reference';

/** What the subsidy service asks to pay (the submit command's payload). */
export interface PaymentOrderRequest {
  readonly paymentReference: string;
  readonly idempotencyKey: string;
  readonly requester: string;
  readonly beneficiary: { readonly name: string; readonly iban: string; readonly bic?: string };
  readonly amountCents: number;
  readonly currency: 'EUR';
  readonly communication: string;
}

/** An order as the ledger keeps it: reference in 12 digits, IBAN in electronic form. */
export interface PaymentOrder {
  readonly reference: string;
  readonly submittedReference: string;
  readonly idempotencyKey: string;
  readonly requester: string;
  readonly beneficiaryName: string;
  readonly iban: string;
  readonly bic: string | undefined;
  readonly amountCents: number;
  readonly currency: 'EUR';
  readonly communication: string;
}

export type ValidationReason = 'INVALID_REFERENCE' | 'INVALID_IBAN' | 'INVALID_BIC';

export type ValidatedOrder =
  | { readonly valid: true; readonly order: PaymentOrder }
  | { readonly valid: false; readonly reasonCode: ValidationReason; readonly reason: string };

const REASONS: Record<ValidationReason, string> = {
  INVALID_REFERENCE: 'the payment reference fails the structured-reference (mod 97) check',
  INVALID_IBAN: 'the beneficiary IBAN is not valid',
  INVALID_BIC: 'the beneficiary BIC is not valid',
};

export function validatePaymentOrder(request: PaymentOrderRequest): ValidatedOrder {
  const reference = parseStructuredReference(request.paymentReference);
  if (reference === null) return invalid('INVALID_REFERENCE');
  const account = beneficiaryAccount(request.beneficiary.iban, request.beneficiary.bic);
  if (!account.valid) return invalid(account.reasonCode);
  return {
    valid: true,
    order: {
      reference,
      submittedReference: request.paymentReference,
      idempotencyKey: request.idempotencyKey,
      requester: request.requester,
      beneficiaryName: request.beneficiary.name,
      iban: account.iban,
      bic: account.bic,
      amountCents: request.amountCents,
      currency: request.currency,
      communication: request.communication,
    },
  };
}

function invalid(reasonCode: ValidationReason): ValidatedOrder {
  return { valid: false, reasonCode, reason: REASONS[reasonCode] };
}

/**
 * A new order meets what the ledger already holds under its reference or its idempotency key.
 * The same order again (redelivered or re-sent command) is recorded once; a reference or key
 * that already belongs to a different order is refused, because either way one of the two
 * could be paid a second time.
 */
export type LedgerDecision =
  | { readonly kind: 'record' }
  | { readonly kind: 'already-recorded' }
  | { readonly kind: 'conflict'; readonly reasonCode: 'REFERENCE_REUSED' | 'KEY_REUSED' };

export function decideAgainstLedger(
  order: PaymentOrder,
  sameReference: PaymentOrder | undefined,
  sameKey: PaymentOrder | undefined,
): LedgerDecision {
  if (sameReference === undefined && sameKey === undefined) return { kind: 'record' };
  if (sameReference !== undefined && sameOrder(order, sameReference)) {
    return { kind: 'already-recorded' };
  }
  return {
    kind: 'conflict',
    reasonCode: sameReference === undefined ? 'KEY_REUSED' : 'REFERENCE_REUSED',
  };
}

export const CONFLICT_REASONS = {
  REFERENCE_REUSED: 'the payment reference already belongs to another order',
  KEY_REUSED: 'the idempotency key already belongs to an order with another reference',
} as const;

function sameOrder(a: PaymentOrder, b: PaymentOrder): boolean {
  return (
    a.reference === b.reference &&
    a.idempotencyKey === b.idempotencyKey &&
    a.iban === b.iban &&
    a.amountCents === b.amountCents &&
    a.currency === b.currency
  );
}
