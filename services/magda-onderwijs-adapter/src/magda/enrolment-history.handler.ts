import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessagePublisher } from '@toevlucht/messaging';
import { LOGGER, type Logger } from '@toevlucht/observability';
import { Breaker, PermanentCallError } from '@toevlucht/resilience';
import type {
  MagdaOnderwijsEnrolmentHistoryLookupFailedV1,
  MagdaOnderwijsEnrolmentHistoryLookupV1,
  MagdaOnderwijsEnrolmentHistoryRetrievedV1,
} from '../../../../contracts/generated/message-payloads';
import type { MagdaSettings } from './adapter-config';
import { callHistoriek, type FinalOutcome, HistoriekClient } from './historiek-client';
import { HISTORIEK_BREAKER, MAGDA_SETTINGS } from './tokens';

/**
 * `magda.onderwijs.enrolment-history.lookup.v1` → one GeefHistoriekInschrijving call through the
 * breaker → `retrieved` or `lookup-failed`. Same failure policy as rijksregister-adapter.
 */
@Controller()
export class EnrolmentHistoryHandler {
  constructor(
    private readonly client: HistoriekClient,
    @Inject(HISTORIEK_BREAKER) private readonly breaker: Breaker,
    @Inject(MAGDA_SETTINGS) private readonly settings: MagdaSettings,
    private readonly publisher: MessagePublisher,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @EventPattern<string>('magda.onderwijs.enrolment-history.lookup.v1')
  async lookup(@Payload() command: MagdaOnderwijsEnrolmentHistoryLookupV1): Promise<void> {
    const { outcome, referte } = await this.ask(command);
    const base = { subjectRef: command.subjectRef, requester: command.requester, referte };
    if (outcome.kind === 'retrieved') {
      await this.publisher.publish<MagdaOnderwijsEnrolmentHistoryRetrievedV1>(
        'magda.onderwijs.enrolment-history.retrieved.v1',
        { ...base, enrolments: outcome.enrolments },
      );
      return;
    }
    this.log.info({ referte, code: outcome.code, origin: outcome.origin }, 'lookup failed');
    await this.publisher.publish<MagdaOnderwijsEnrolmentHistoryLookupFailedV1>(
      'magda.onderwijs.enrolment-history.lookup-failed.v1',
      {
        ...base,
        code: /^\d{5}$/.test(outcome.code) ? outcome.code : '00000',
        origin: outcome.origin,
        reason: outcome.reason.slice(0, 500),
      },
    );
  }

  private async ask(
    command: MagdaOnderwijsEnrolmentHistoryLookupV1,
  ): Promise<{ outcome: FinalOutcome; referte: string }> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.settings.attemptsPerMessage; attempt += 1) {
      const referte = HistoriekClient.newReferte();
      const call = {
        insz: command.insz,
        begin: command.period.begin,
        end: command.period.end,
        referte,
      };
      try {
        return { outcome: await callHistoriek(this.breaker, this.client, call), referte };
      } catch (error) {
        if (error instanceof PermanentCallError) {
          return {
            referte,
            outcome: { kind: 'failed', code: '00000', origin: 'SOAP', reason: error.message },
          };
        }
        lastError = error;
        this.log.warn({ err: error, referte, attempt }, 'GeefHistoriekInschrijving failed');
        if (attempt < this.settings.attemptsPerMessage)
          await new Promise((resolve) =>
            setTimeout(resolve, 100 * 2 ** attempt * (0.5 + Math.random())),
          );
      }
    }
    throw lastError;
  }
}
