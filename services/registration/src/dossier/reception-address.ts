import { Inject, Injectable } from '@nestjs/common';
import { PostcodeDirectory } from '../domain/postcodes';
import type { ReceptionAddress } from './dossier.model';

export interface ResolvedAddress {
  readonly address: ReceptionAddress;
  readonly nisCode?: string;
  /** Work-list items: an unknown postcode (special postcodes exist) or one shared by towns. */
  readonly flags: readonly ('unknown-postcode' | 'postcode-several-municipalities')[];
}

/** Postcode → municipality (NIS code), from the reference data in services/registration/data. */
@Injectable()
export class ReceptionAddressResolver {
  constructor(@Inject(PostcodeDirectory) private readonly postcodes: PostcodeDirectory) {}

  resolve(address: ReceptionAddress | undefined): ResolvedAddress | undefined {
    if (address === undefined) return undefined;
    const municipalities = this.postcodes.lookup(address.postcode);
    const first = municipalities[0];
    if (first === undefined) return { address, flags: ['unknown-postcode'] };
    const distinct = new Set(municipalities.map((m) => m.nisCode));
    return {
      address,
      nisCode: first.nisCode,
      flags: distinct.size > 1 ? ['postcode-several-municipalities'] : [],
    };
  }
}
