import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

/** The account an order pays into: an IBAN in electronic form (no spaces, upper case). */
export type BeneficiaryAccount =
  | { readonly valid: true; readonly iban: string; readonly bic: string | undefined }
  | { readonly valid: false; readonly reasonCode: 'INVALID_IBAN' | 'INVALID_BIC' };

/** Country, check digits and national structure (ibantools), so a typo never leaves the ledger. */
export function beneficiaryAccount(iban: string, bic?: string): BeneficiaryAccount {
  const electronic = electronicFormatIBAN(iban);
  if (electronic === null || !isValidIBAN(electronic)) {
    return { valid: false, reasonCode: 'INVALID_IBAN' };
  }
  if (bic !== undefined && !isValidBIC(bic)) return { valid: false, reasonCode: 'INVALID_BIC' };
  return { valid: true, iban: electronic, bic };
}
