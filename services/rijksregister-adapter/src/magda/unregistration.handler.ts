import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PermanentMessageError } from '@toevlucht/messaging';
import { LOGGER, type Logger } from '@toevlucht/observability';
import { Breaker, PermanentCallError } from '@toevlucht/resilience';
import type { RijksregisterPersonUnregisterV1 } from '../../../../contracts/generated/message-payloads';
import type { MagdaSettings } from './adapter-config';
import { GeefPersoonClient } from './geef-persoon-client';
import { MAGDA_SETTINGS, UITSCHRIJVING_BREAKER } from './tokens';
import { callUitschrijving, UitschrijvingClient } from './uitschrijving-client';

/**
 * `rijksregister.person.unregister.v1` → RegistreerUitschrijving, with the same policy as
 * registrations: no result event; transient failures are retried through the tiers, a refusal
 * parks the command (PermanentMessageError) for an operator, as the contract says.
 */
@Controller()
export class UnregistrationHandler {
  constructor(
    private readonly client: UitschrijvingClient,
    @Inject(UITSCHRIJVING_BREAKER) private readonly breaker: Breaker,
    @Inject(MAGDA_SETTINGS) private readonly settings: MagdaSettings,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @EventPattern<string>('rijksregister.person.unregister.v1')
  async unregister(@Payload() command: RijksregisterPersonUnregisterV1): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.settings.attemptsPerMessage; attempt += 1) {
      const referte = GeefPersoonClient.newReferte();
      try {
        const outcome = await callUitschrijving(this.breaker, this.client, {
          insz: command.insz,
          ...(command.end === undefined ? {} : { end: command.end }),
          referte,
        });
        this.log.info(
          { referte, subjectRef: command.subjectRef, outcome },
          outcome === 'unregistered'
            ? 'unregistered from the repertorium'
            : 'was not in the repertorium (nothing to end)',
        );
        return;
      } catch (error) {
        if (error instanceof PermanentCallError)
          throw new PermanentMessageError(`${error.message} (Referte ${referte})`);
        lastError = error;
        this.log.warn({ err: error, referte, attempt }, 'RegistreerUitschrijving failed');
        if (attempt < this.settings.attemptsPerMessage)
          await new Promise((resolve) =>
            setTimeout(resolve, 100 * 2 ** attempt * (0.5 + Math.random())),
          );
      }
    }
    throw lastError;
  }
}
