import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PermanentMessageError } from '@toevlucht/messaging';
import { LOGGER, type Logger } from '@toevlucht/observability';
import { Breaker, PermanentCallError } from '@toevlucht/resilience';
import type { RijksregisterPersonRegisterV1 } from '../../../../contracts/generated/message-payloads';
import type { MagdaSettings } from './adapter-config';
import { GeefPersoonClient } from './geef-persoon-client';
import { callRegistreer, RegistreerClient } from './registreer-client';
import { MAGDA_SETTINGS, REGISTREER_BREAKER } from './tokens';

/**
 * `rijksregister.person.register.v1` → RegistreerInschrijving (idempotent at MAGDA). There is
 * no result event: transient failures are retried through the tiers, a refusal parks the
 * command (PermanentMessageError) for an operator, as the contract says.
 */
@Controller()
export class RegistrationHandler {
  constructor(
    private readonly client: RegistreerClient,
    @Inject(REGISTREER_BREAKER) private readonly breaker: Breaker,
    @Inject(MAGDA_SETTINGS) private readonly settings: MagdaSettings,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @EventPattern<string>('rijksregister.person.register.v1')
  async register(@Payload() command: RijksregisterPersonRegisterV1): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.settings.attemptsPerMessage; attempt += 1) {
      const referte = GeefPersoonClient.newReferte();
      try {
        await callRegistreer(this.breaker, this.client, {
          insz: command.insz,
          begin: command.period.begin,
          ...(command.period.end === undefined ? {} : { end: command.period.end }),
          referte,
        });
        this.log.info({ referte, subjectRef: command.subjectRef }, 'registered in the repertorium');
        return;
      } catch (error) {
        if (error instanceof PermanentCallError)
          throw new PermanentMessageError(`${error.message} (Referte ${referte})`);
        lastError = error;
        this.log.warn({ err: error, referte, attempt }, 'RegistreerInschrijving failed');
        if (attempt < this.settings.attemptsPerMessage)
          await new Promise((resolve) =>
            setTimeout(resolve, 100 * 2 ** attempt * (0.5 + Math.random())),
          );
      }
    }
    throw lastError;
  }
}
