import type { OfferStatus } from '../domain/offer-workflow';
import type { OfferType } from '../domain/offer-rules';

export interface OfferAddress {
  readonly street: string;
  readonly houseNumber: string;
  readonly box?: string;
  readonly postcode: string;
}

export interface Offerer {
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
}

/** An offer as its readers see it, personal fields decrypted. */
export interface Offer {
  readonly id: string;
  readonly reference: string;
  readonly status: OfferStatus;
  readonly version: number;
  readonly channel: 'public-intake' | 'coordinator';
  readonly type: OfferType;
  readonly capacity: number;
  readonly availableFrom: string;
  readonly availableUntil?: string;
  readonly accessible: boolean;
  readonly nisCode: string;
  readonly address: OfferAddress;
  readonly offerer: Offerer;
  readonly remarks?: string;
  readonly possibleDuplicateOf: readonly string[];
  readonly place?: { readonly id: string; readonly capacity: number; readonly occupants: number };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OfferTransition {
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly from?: string;
  readonly to: string;
  readonly reason?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}
