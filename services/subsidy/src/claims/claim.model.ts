import type { ClaimLine, ClaimTotals } from '../domain/claim-calculation';
import type { ClaimStatus } from '../domain/claim-workflow';

/** The payment of a claim version as the saga knows it. */
export interface PaymentView {
  readonly paymentReference: string;
  readonly status: 'aangevraagd' | 'geaccepteerd' | 'betaald' | 'geweigerd';
  readonly amountCents: number;
  readonly requestedAt: string;
  readonly acceptedAt?: string;
  readonly paidAt?: string;
  readonly executionDate?: string;
  readonly rejection?: { readonly stage: string; readonly code: string; readonly reason: string };
}

export interface ClaimVersionView {
  readonly id: string;
  readonly claimId: string;
  readonly version: number;
  readonly status: ClaimStatus;
  /** The ETag of this version (changes with every status change). */
  readonly revision: number;
  readonly totals: ClaimTotals;
  readonly calculatedAt: string;
  readonly calculatedBy: string;
  readonly submittedAt?: string;
  readonly submittedBy?: string;
  readonly reviewedAt?: string;
  readonly reviewedBy?: string;
  readonly reviewReason?: string;
  readonly payment?: PaymentView;
}

export interface ClaimView {
  readonly id: string;
  readonly nisCode: string;
  readonly period: string;
  readonly latestVersion: number;
  readonly versions: readonly ClaimVersionView[];
}

export interface ClaimVersionDetail extends ClaimVersionView {
  readonly nisCode: string;
  readonly period: string;
  readonly contentHash: string;
  readonly lines: readonly ClaimLine[];
}
