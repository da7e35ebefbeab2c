import { type Client, createClientAsync } from 'soap';
import { type Breaker, PermanentCallError, TransientCallError } from '@toevlucht/resilience';
import { askMagda, magdaVerzoek, type Repliek } from '@toevlucht/magda';
import { interpretUitschrijving } from '../domain/uitschrijving-outcome';
import type { MagdaSettings } from './adapter-config';

export interface UitschrijvingCall {
  readonly insz: string;
  /** Last day we follow the person; without it the registration ends now. */
  readonly end?: string;
  readonly referte: string;
}

/**
 * RegistreerUitschrijving 02.01: ends our repertorium registration of an INSZ (the operation's
 * name and namespace are assumed by analogy with RegistreerInschrijving, see contracts/wsdl).
 */
export class UitschrijvingClient {
  private constructor(
    private readonly client: Client,
    private readonly settings: MagdaSettings,
  ) {}

  static async create(settings: MagdaSettings): Promise<UitschrijvingClient> {
    return new UitschrijvingClient(
      await createClientAsync(settings.uitschrijvingWsdl, { endpoint: settings.uitschrijvingUrl }),
      settings,
    );
  }

  ask(call: UitschrijvingCall, signal: AbortSignal): Promise<Repliek<unknown>> {
    const verzoek = magdaVerzoek(this.settings, {
      naam: 'RegistreerUitschrijving',
      versie: '02.01.0000',
      referte: call.referte,
      tijdstip: new Date(),
      inhoud: {
        Uitschrijving: {
          Identificatie: this.settings.afzender,
          Hoedanigheid: this.settings.hoedanigheid,
          BetrokkenSubject: {
            Type: 'PERS',
            Subjecten: { Subject: { Type: 'PERS', Sleutel: call.insz } },
          },
          ...(call.end === undefined ? {} : { Periode: { Einde: call.end } }),
        },
      },
    });
    return askMagda<unknown>(this.client, 'RegistreerUitschrijving', verzoek, signal);
  }
}

/**
 * Unregisters through the breaker: resolves with whether the person was still registered;
 * PermanentCallError when MAGDA refuses.
 */
export async function callUitschrijving(
  breaker: Breaker,
  client: UitschrijvingClient,
  call: UitschrijvingCall,
): Promise<'unregistered' | 'not-registered'> {
  const outcome = await breaker.call(async (signal) => {
    const interpreted = interpretUitschrijving(await client.ask(call, signal));
    if (interpreted.kind === 'retry')
      throw new TransientCallError(
        `MAGDA ${interpreted.code} from ${interpreted.origin}`,
        interpreted.code,
      );
    return interpreted;
  });
  if (outcome.kind === 'refused')
    throw new PermanentCallError(
      `MAGDA refused the deregistration: ${outcome.code} from ${outcome.origin}`,
      outcome.code,
    );
  return outcome.kind;
}
