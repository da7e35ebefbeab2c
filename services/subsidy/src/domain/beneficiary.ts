import { electronicFormatIBAN, isSEPACountry, isValidBIC, isValidIBAN } from 'ibantools';

/**
 * The account a municipality (its local government or OCMW) is paid into. The IBAN is checked
 * here (country format and mod-97, ibantools) before it is stored, and again before a payment
 * order leaves: a payment to a mistyped account is not recovered by a retry.
 */
export interface Beneficiary {
  readonly name: string;
  /** Electronic format: no spaces, upper case. */
  readonly iban: string;
  readonly bic?: string;
}

export type BeneficiaryProblem = 'IBAN.INVALID' | 'IBAN.NOT_SEPA' | 'BIC.INVALID' | 'NAME.INVALID';

export function normaliseBeneficiary(input: {
  name: string;
  iban: string;
  bic?: string;
}): { ok: true; beneficiary: Beneficiary } | { ok: false; problems: BeneficiaryProblem[] } {
  const problems: BeneficiaryProblem[] = [];
  const iban = electronicFormatIBAN(input.iban) ?? '';
  if (!isValidIBAN(iban)) problems.push('IBAN.INVALID');
  else if (!isSEPACountry(iban.slice(0, 2))) problems.push('IBAN.NOT_SEPA');
  const bic = input.bic?.replace(/\s+/g, '').toUpperCase();
  if (bic !== undefined && !isValidBIC(bic)) problems.push('BIC.INVALID');
  const name = input.name.trim().replace(/\s+/g, ' ');
  // Orafin's beneficiary name field is 70 characters (orafin.payment-order.submit.v1).
  if (name.length === 0 || name.length > 70) problems.push('NAME.INVALID');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, beneficiary: { name, iban, ...(bic === undefined ? {} : { bic }) } };
}
