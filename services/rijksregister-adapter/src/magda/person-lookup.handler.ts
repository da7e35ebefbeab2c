import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessagePublisher } from '@toevlucht/messaging';
import { LOGGER, type Logger } from '@toevlucht/observability';
import { Breaker, PermanentCallError } from '@toevlucht/resilience';
import type {
  RijksregisterPersonInszChangedV1,
  RijksregisterPersonLookedUpV1,
  RijksregisterPersonLookupFailedV1,
  RijksregisterPersonLookupV1,
  RijksregisterPersonNotFoundV1,
} from '../../../../contracts/generated/message-payloads';
import type { MagdaSettings } from './adapter-config';
import { GeefPersoonClient } from './geef-persoon-client';
import { callGeefPersoon, type FinalOutcome } from './geef-persoon-call';
import { GEEF_PERSOON_BREAKER, MAGDA_SETTINGS } from './tokens';

/**
 * `rijksregister.person.lookup.v1` → one GeefPersoon call (through the breaker) → exactly one
 * result event. Transient failures are tried again a few times in place and then left to the
 * transport's retry tiers; permanent ones become `lookup-failed` at once. While the breaker is
 * open the call waits (consuming is paused meanwhile), so no message is parked for an outage.
 */
@Controller()
export class PersonLookupHandler {
  constructor(
    private readonly client: GeefPersoonClient,
    @Inject(GEEF_PERSOON_BREAKER) private readonly breaker: Breaker,
    @Inject(MAGDA_SETTINGS) private readonly settings: MagdaSettings,
    private readonly publisher: MessagePublisher,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @EventPattern<string>('rijksregister.person.lookup.v1')
  async lookup(@Payload() command: RijksregisterPersonLookupV1): Promise<void> {
    const { outcome, referte } = await this.ask(command.insz);
    await this.publish(command, referte, outcome);
  }

  private async ask(insz: string): Promise<{ outcome: FinalOutcome; referte: string }> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.settings.attemptsPerMessage; attempt += 1) {
      const referte = GeefPersoonClient.newReferte();
      try {
        const outcome = await callGeefPersoon(this.breaker, this.client, { insz, referte });
        return { outcome, referte };
      } catch (error) {
        if (error instanceof PermanentCallError) {
          return {
            referte,
            outcome: {
              kind: 'failed',
              code: '00000',
              origin: 'SOAP',
              reason: error.message,
            },
          };
        }
        lastError = error;
        this.log.warn(
          { err: error, referte, attempt, breaker: this.breaker.name },
          'GeefPersoon failed; will try again',
        );
        if (attempt < this.settings.attemptsPerMessage) await pause(100 * 2 ** attempt);
      }
    }
    throw lastError;
  }

  private async publish(
    command: RijksregisterPersonLookupV1,
    referte: string,
    outcome: FinalOutcome,
  ): Promise<void> {
    const base = { subjectRef: command.subjectRef, requester: command.requester, referte };
    switch (outcome.kind) {
      case 'found':
        await this.publisher.publish<RijksregisterPersonLookedUpV1>(
          'rijksregister.person.looked-up.v1',
          { ...base, insz: command.insz, person: outcome.person },
        );
        return;
      case 'not-found':
        await this.publisher.publish<RijksregisterPersonNotFoundV1>(
          'rijksregister.person.not-found.v1',
          { ...base, insz: command.insz, code: outcome.code },
        );
        return;
      case 'insz-changed':
        await this.publisher.publish<RijksregisterPersonInszChangedV1>(
          'rijksregister.person.insz-changed.v1',
          { ...base, previousInsz: command.insz, currentInsz: outcome.currentInsz },
        );
        return;
      case 'failed':
        this.log.info({ referte, code: outcome.code, origin: outcome.origin }, 'lookup failed');
        await this.publisher.publish<RijksregisterPersonLookupFailedV1>(
          'rijksregister.person.lookup-failed.v1',
          {
            ...base,
            insz: command.insz,
            code: /^\d{5}$/.test(outcome.code) ? outcome.code : '00000',
            origin: outcome.origin,
            reason: outcome.reason.slice(0, 500),
          },
        );
        return;
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms * (0.5 + Math.random())));
}
