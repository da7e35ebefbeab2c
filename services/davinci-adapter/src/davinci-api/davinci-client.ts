import { type AxiosInstance, isAxiosError } from 'axios';
import type { z } from 'zod';
import {
  type Breaker,
  isShortCircuit,
  PermanentCallError,
  TransientCallError,
} from '@toevlucht/resilience';
import {
  aanmelding,
  type Modulevariant,
  type Plaatsing,
  plaatsing,
  problemBody,
  searchAnswer,
} from './davinci-answers';
import { classifyAnswer } from './domain/answer-classification';
import { type RetryPolicy, retryDelayMs } from './domain/retry-policy';

/** DAVINCI asked us to come back later (429): the wait it named travels with the error. */
export class RetryLaterError extends TransientCallError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message, 'HTTP_429');
  }
}

export interface OfferQuery {
  readonly postcode: string;
  readonly level?: string;
  readonly from?: string;
  readonly until?: string;
  readonly max?: number;
}

export interface Learner {
  readonly insz?: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
}

export type PlacementOutcome =
  | { readonly kind: 'placed'; readonly placement: Plaatsing }
  | { readonly kind: 'refused'; readonly reason: 'full' | 'not-eligible'; readonly detail: string };

interface Request {
  readonly operation: string;
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly url: string;
  readonly params?: Record<string, string | number>;
  readonly data?: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * DAVINCI's REST interface (our model, contracts/openapi/davinci.yaml) through one breaker.
 * Every answer is classified inside the guarded call, so only DAVINCI's own failures (network,
 * timeout, 5xx, 429, malformed or schema-invalid answers) count against it. Idempotent calls
 * (GET, PUT) are retried with jitter; the plaatsing POST is not retried here: it carries an
 * Idempotency-Key, and its retry is the message's redelivery with the same key.
 *
 * Errors never carry the request (it holds the learner's identity) nor the answer's body.
 */
export class DavinciClient {
  constructor(
    private readonly http: AxiosInstance,
    private readonly breaker: Breaker,
    private readonly retry: RetryPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  async searchOffers(query: OfferQuery): Promise<Modulevariant[]> {
    const answer = await this.idempotent(
      {
        operation: 'zoekModulevarianten',
        method: 'GET',
        url: '/v1/modulevarianten',
        params: {
          postcode: query.postcode,
          ...(query.level === undefined ? {} : { niveau: query.level }),
          ...(query.from === undefined ? {} : { startVanaf: query.from }),
          ...(query.until === undefined ? {} : { startTot: query.until }),
          ...(query.max === undefined ? {} : { max: query.max }),
        },
      },
      searchAnswer,
    );
    return answer.items;
  }

  async register(externalReference: string, learner: Learner): Promise<string> {
    const answer = await this.idempotent(
      {
        operation: 'meldAan',
        method: 'PUT',
        url: `/v1/aanmeldingen/${encodeURIComponent(externalReference)}`,
        data: {
          cursist: {
            ...(learner.insz === undefined ? {} : { insz: learner.insz }),
            voornaam: learner.firstName,
            familienaam: learner.lastName,
            geboortedatum: learner.birthDate,
          },
        },
      },
      aanmelding,
    );
    return answer.aanmeldingId;
  }

  async place(
    idempotencyKey: string,
    request: {
      aanmeldingId: string;
      modulevariantId: string;
      lesmomentId: string;
      vrijstellingGevraagd: boolean;
    },
  ): Promise<PlacementOutcome> {
    const outcome = await this.once(
      {
        operation: 'plaats',
        method: 'POST',
        url: '/v1/plaatsingen',
        data: request,
        headers: { 'idempotency-key': idempotencyKey },
      },
      plaatsing,
    );
    return outcome.kind === 'business'
      ? { kind: 'refused', reason: outcome.reason, detail: outcome.detail }
      : { kind: 'placed', placement: outcome.value };
  }

  placement(placementId: string): Promise<Plaatsing> {
    return this.idempotent(
      {
        operation: 'geefPlaatsing',
        method: 'GET',
        url: `/v1/plaatsingen/${encodeURIComponent(placementId)}`,
      },
      plaatsing,
    );
  }

  private async idempotent<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
    for (let retry = 0; ; retry += 1) {
      try {
        const outcome = await this.once(request, schema);
        if (outcome.kind === 'business') {
          throw new PermanentCallError(
            `DAVINCI ${request.operation}: unexpected ${outcome.reason}`,
          );
        }
        return outcome.value;
      } catch (error) {
        const retryable =
          error instanceof TransientCallError ||
          (!(error instanceof PermanentCallError) && !isShortCircuit(error));
        if (!retryable || retry >= this.retry.retries) throw error;
        const wait = retryDelayMs(
          this.retry,
          retry,
          this.random(),
          error instanceof RetryLaterError ? error.retryAfterMs : undefined,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private once<T>(
    request: Request,
    schema: z.ZodType<T>,
  ): Promise<
    { kind: 'ok'; value: T } | { kind: 'business'; reason: 'full' | 'not-eligible'; detail: string }
  > {
    return this.breaker.call(async (signal) => {
      let response;
      try {
        response = await this.http.request<string>({
          method: request.method,
          url: request.url,
          ...(request.params === undefined ? {} : { params: request.params }),
          ...(request.data === undefined ? {} : { data: request.data }),
          ...(request.headers === undefined ? {} : { headers: request.headers }),
          signal,
          responseType: 'text',
          transformResponse: (body: string) => body,
          validateStatus: () => true,
        });
      } catch (error) {
        // Network failure or abort: only the error's code, never its config (the request).
        const code = isAxiosError(error) ? (error.code ?? 'NETWORK') : 'NETWORK';
        throw new TransientCallError(`DAVINCI ${request.operation}: ${code}`, code);
      }
      const body = parseJson(response.data);
      const problemCode = body === undefined ? undefined : problemBody.safeParse(body).data?.code;
      const retryAfter = response.headers['retry-after'] as string | undefined;
      const answer = classifyAnswer(response.status, problemCode, retryAfter, new Date());
      const what = `DAVINCI ${request.operation}`;
      switch (answer.kind) {
        case 'business': {
          const detail = problemBody.safeParse(body).data?.['detail'];
          return {
            kind: 'business' as const,
            reason: answer.reason,
            detail: typeof detail === 'string' ? detail.slice(0, 300) : answer.reason,
          };
        }
        case 'transient':
          if (answer.retryAfterMs !== undefined) {
            throw new RetryLaterError(`${what}: ${answer.code}`, answer.retryAfterMs);
          }
          throw new TransientCallError(`${what}: ${answer.code}`, answer.code);
        case 'permanent':
          throw new PermanentCallError(`${what}: ${answer.code}`, answer.code);
        case 'ok': {
          if (body === undefined)
            throw new TransientCallError(`${what}: malformed JSON`, 'MALFORMED');
          const parsed = schema.safeParse(body);
          if (!parsed.success) {
            throw new TransientCallError(`${what}: answer does not match the schema`, 'SCHEMA');
          }
          return { kind: 'ok' as const, value: parsed.data };
        }
      }
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
