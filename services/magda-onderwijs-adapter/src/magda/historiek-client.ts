import { randomUUID } from 'node:crypto';
import { type Client, createClientAsync } from 'soap';
import { type Breaker, TransientCallError } from '@toevlucht/resilience';
import {
  type EnrolmentHistoryOutcome,
  type HistoriekInhoud,
  interpretEnrolmentHistory,
} from '../domain/enrolment-history';
import type { Repliek } from '@toevlucht/magda';
import type { MagdaSettings } from './adapter-config';
import { classifySoapError } from '@toevlucht/magda';

export interface HistoriekCall {
  readonly insz: string;
  readonly begin: string;
  readonly end: string;
  readonly referte: string;
}

export type FinalOutcome = Exclude<EnrolmentHistoryOutcome, { kind: 'retry' }>;

/** GeefHistoriekInschrijving 02.01 through a soap client built from contracts/wsdl. */
export class HistoriekClient {
  private constructor(
    private readonly client: Client,
    private readonly settings: MagdaSettings,
  ) {}

  static async create(settings: MagdaSettings): Promise<HistoriekClient> {
    return new HistoriekClient(
      await createClientAsync(settings.historiekWsdl, { endpoint: settings.historiekUrl }),
      settings,
    );
  }

  static newReferte(): string {
    return randomUUID();
  }

  async ask(call: HistoriekCall, signal: AbortSignal): Promise<Repliek<HistoriekInhoud>> {
    const now = new Date().toISOString();
    const verzoek = {
      Verzoek: {
        Context: {
          Naam: 'GeefHistoriekInschrijving',
          Versie: '02.01.0000',
          Bericht: {
            Type: 'VRAAG',
            Tijdstip: { Datum: now.slice(0, 10), Tijd: now.slice(11, 23) },
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
              Criteria: { INSZ: call.insz, Periode: { Begin: call.begin, Einde: call.end } },
            },
          },
        },
      },
    };
    let result: unknown;
    try {
      const operation = this.client['GeefHistoriekInschrijvingAsync'] as (
        args: unknown,
        options: { signal: AbortSignal },
      ) => Promise<[unknown]>;
      [result] = await operation.call(this.client, verzoek, { signal });
    } catch (error) {
      throw classifySoapError(error);
    }
    const repliek = (result as { Repliek?: Repliek<HistoriekInhoud> } | null)?.Repliek;
    if (repliek === undefined) throw new TransientCallError('Answer without Repliek', 'no-repliek');
    return repliek;
  }
}

/** One question through the breaker; MAGDA transient codes count like a 503. */
export function callHistoriek(
  breaker: Breaker,
  client: HistoriekClient,
  call: HistoriekCall,
): Promise<FinalOutcome> {
  return breaker.call(async (signal) => {
    const outcome = interpretEnrolmentHistory(await client.ask(call, signal));
    if (outcome.kind === 'retry')
      throw new TransientCallError(`MAGDA ${outcome.code} from ${outcome.origin}`, outcome.code);
    return outcome;
  });
}
