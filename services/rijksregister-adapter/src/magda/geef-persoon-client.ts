import { randomUUID } from 'node:crypto';
import { type Client, createClientAsync } from 'soap';
import { TransientCallError } from '@toevlucht/resilience';
import type { Repliek } from '@toevlucht/magda';
import type { GeefPersoonInhoud } from '../domain/geef-persoon-outcome';
import type { MagdaSettings } from './adapter-config';
import { classifySoapError } from '@toevlucht/magda';

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

  async ask(call: GeefPersoonCall, signal: AbortSignal): Promise<Repliek<GeefPersoonInhoud>> {
    const now = new Date();
    const verzoek = {
      Verzoek: {
        Context: {
          Naam: 'GeefPersoon',
          Versie: '02.02.0000',
          Bericht: {
            Type: 'VRAAG',
            Tijdstip: {
              Datum: now.toISOString().slice(0, 10),
              Tijd: now.toISOString().slice(11, 23),
            },
            Afzender: {
              Identificatie: this.settings.afzender,
              Referte: call.referte,
              Hoedanigheid: this.settings.hoedanigheid,
            },
          },
        },
        Vragen: {
          Vraag: {
            Referte: call.referte,
            Inhoud: {
              Criteria: { INSZ: call.insz },
              Bron: sourceFor(call.insz),
              Taal: 'nl',
            },
          },
        },
      },
    };
    let result: unknown;
    try {
      const operation = this.client['GeefPersoonAsync'] as (
        args: unknown,
        options: { signal: AbortSignal },
      ) => Promise<[unknown]>;
      [result] = await operation.call(this.client, verzoek, { signal });
    } catch (error) {
      throw classifySoapError(error);
    }
    const repliek = (result as { Repliek?: Repliek<GeefPersoonInhoud> } | null)?.Repliek;
    if (repliek === undefined) throw new TransientCallError('Answer without Repliek', 'no-repliek');
    return repliek;
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
