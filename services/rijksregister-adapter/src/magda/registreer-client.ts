import { type Client, createClientAsync } from 'soap';
import { type Breaker, PermanentCallError, TransientCallError } from '@toevlucht/resilience';
import { askMagda, magdaVerzoek, type Repliek } from '@toevlucht/magda';
import { interpretRegistreer } from '../domain/registreer-outcome';
import type { MagdaSettings } from './adapter-config';

export interface RegistreerCall {
  readonly insz: string;
  readonly begin: string;
  readonly end?: string;
  readonly referte: string;
}

/**
 * RegistreerInschrijving 02.01: puts an INSZ in our MAGDA repertorium for a period (required
 * before GeefPersoon may be asked about that person, and what change notifications follow).
 */
export class RegistreerClient {
  private constructor(
    private readonly client: Client,
    private readonly settings: MagdaSettings,
  ) {}

  static async create(settings: MagdaSettings): Promise<RegistreerClient> {
    return new RegistreerClient(
      await createClientAsync(settings.registreerWsdl, { endpoint: settings.registreerUrl }),
      settings,
    );
  }

  ask(call: RegistreerCall, signal: AbortSignal): Promise<Repliek<unknown>> {
    const verzoek = magdaVerzoek(this.settings, {
      naam: 'RegistreerInschrijving',
      versie: '02.01.0000',
      referte: call.referte,
      tijdstip: new Date(),
      inhoud: {
        Inschrijving: {
          Identificatie: this.settings.afzender,
          Hoedanigheid: this.settings.hoedanigheid,
          BetrokkenSubject: {
            Type: 'PERS',
            Subjecten: { Subject: { Type: 'PERS', Sleutel: call.insz } },
          },
          Periode: { Begin: call.begin, ...(call.end === undefined ? {} : { Einde: call.end }) },
        },
      },
    });
    return askMagda<unknown>(this.client, 'RegistreerInschrijving', verzoek, signal);
  }
}

/** Registers through the breaker: resolves when registered; PermanentCallError when refused. */
export async function callRegistreer(
  breaker: Breaker,
  client: RegistreerClient,
  call: RegistreerCall,
): Promise<void> {
  const outcome = await breaker.call(async (signal) => {
    const interpreted = interpretRegistreer(await client.ask(call, signal));
    if (interpreted.kind === 'retry')
      throw new TransientCallError(
        `MAGDA ${interpreted.code} from ${interpreted.origin}`,
        interpreted.code,
      );
    return interpreted;
  });
  if (outcome.kind === 'refused')
    throw new PermanentCallError(
      `MAGDA refused the registration: ${outcome.code} from ${outcome.origin}`,
      outcome.code,
    );
}
