import { randomUUID } from 'node:crypto';
import { type Client, createClientAsync } from 'soap';
import { type Breaker, TransientCallError } from '@toevlucht/resilience';
import {
  type EnrolmentHistoryOutcome,
  type HistoriekInhoud,
  interpretEnrolmentHistory,
} from '../domain/enrolment-history';
import { askMagda, magdaVerzoek, type Repliek } from '@toevlucht/magda';
import type { MagdaSettings } from './adapter-config';

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

  ask(call: HistoriekCall, signal: AbortSignal): Promise<Repliek<HistoriekInhoud>> {
    const verzoek = magdaVerzoek(this.settings, {
      naam: 'GeefHistoriekInschrijving',
      versie: '02.01.0000',
      referte: call.referte,
      tijdstip: new Date(),
      inhoud: { Criteria: { INSZ: call.insz, Periode: { Begin: call.begin, Einde: call.end } } },
    });
    return askMagda<HistoriekInhoud>(this.client, 'GeefHistoriekInschrijving', verzoek, signal);
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
