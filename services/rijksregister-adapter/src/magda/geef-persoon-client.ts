import { randomUUID } from 'node:crypto';
import { type Client, createClientAsync } from 'soap';
import { askMagda, magdaVerzoek, type Repliek } from '@toevlucht/magda';
import type { GeefPersoonInhoud } from '../domain/geef-persoon-outcome';
import type { MagdaSettings } from './adapter-config';

export interface GeefPersoonCall {
  readonly insz: string;
  /** The unique Referte of this call (Afzender/Referte and Vraag/Referte), kept with the result. */
  readonly referte: string;
}

/**
 * GeefPersoon 02.02 through a soap client built from contracts/wsdl. One question per call,
 * as MAGDA requires; the call's AbortSignal really aborts its HTTP request.
 */
export class GeefPersoonClient {
  private constructor(
    private readonly client: Client,
    private readonly settings: MagdaSettings,
  ) {}

  static async create(settings: MagdaSettings): Promise<GeefPersoonClient> {
    const client = await createClientAsync(settings.geefPersoonWsdl, {
      endpoint: settings.geefPersoonUrl,
    });
    return new GeefPersoonClient(client, settings);
  }

  static newReferte(): string {
    return randomUUID();
  }

  ask(call: GeefPersoonCall, signal: AbortSignal): Promise<Repliek<GeefPersoonInhoud>> {
    const verzoek = magdaVerzoek(this.settings, {
      naam: 'GeefPersoon',
      versie: '02.02.0000',
      referte: call.referte,
      tijdstip: new Date(),
      inhoud: {
        Criteria: { INSZ: call.insz },
        Bron: sourceFor(call.insz),
        Taal: 'nl',
      },
    });
    return askMagda<GeefPersoonInhoud>(this.client, 'GeefPersoon', verzoek, signal);
  }
}

/**
 * BIS numbers (month + 20 or + 40) are known to the KSZ (Crossroads Bank), national numbers
 * to the RR. The mock's test persons use month + 60 and up: asked at the RR, like MAGDA's mock.
 */
export function sourceFor(insz: string): 'RR' | 'KSZ' {
  const month = Number(insz.slice(2, 4));
  return (month >= 21 && month <= 32) || (month >= 41 && month <= 52) ? 'KSZ' : 'RR';
}
