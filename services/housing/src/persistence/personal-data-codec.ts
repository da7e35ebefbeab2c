import { Inject, Injectable } from '@nestjs/common';
import { BlindIndex, FieldCipher } from '@toevlucht/security';

/**
 * The one place housing turns personal values (the offerer's name and contact, the offered
 * address, free-text remarks and reasons) into ciphertexts and back. Each column has its own
 * purpose string, bound into the ciphertext, so a value copied into another column does not
 * decrypt; `encrypted-columns.ts` lists them for key rotation.
 */
export const PURPOSES = {
  street: 'offers.street_enc',
  houseNumber: 'offers.house_number_enc',
  box: 'offers.box_enc',
  offererName: 'offers.offerer_name_enc',
  offererEmail: 'offers.offerer_email_enc',
  offererPhone: 'offers.offerer_phone_enc',
  remarks: 'offers.remarks_enc',
  historyReason: 'offer_history.reason_enc',
  duplicateIndex: 'offers.duplicate_index',
} as const;

@Injectable()
export class PersonalDataCodec {
  constructor(
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(BlindIndex) private readonly index: BlindIndex,
  ) {}

  seal(value: string, purpose: string): string;
  seal(value: string | undefined, purpose: string): string | null;
  seal(value: string | undefined, purpose: string): string | null {
    return value === undefined ? null : this.cipher.encrypt(value, purpose);
  }

  open(value: string | null, purpose: string): string | undefined {
    return value === null ? undefined : this.cipher.decrypt(value, purpose);
  }

  duplicateIndex(key: string): string {
    return this.index.of(key, PURPOSES.duplicateIndex);
  }
}
