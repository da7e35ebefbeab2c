import axios from 'axios';
import nock from 'nock';
import {
  Breaker,
  CallTimeoutError,
  PermanentCallError,
  TransientCallError,
} from '@toevlucht/resilience';
import { DavinciClient, RetryLaterError } from '../src/davinci-api/davinci-client';

/**
 * Each failure class of DAVINCI, answered by nock, and how the client classifies it: transient
 * failures count against the breaker and idempotent calls are retried; business answers and our
 * own mistakes do not count; the plaatsing POST is never retried in the call.
 */
const BASE = 'http://davinci.test';
const OFFER = {
  modulevariantId: 'MV-9000-11',
  cursuscode: 'NT2-R1-1.1',
  cursusnaam: 'Nederlands tweede taal Richtgraad 1.1',
  niveau: '1.1',
  instelling: { instellingsnummer: '101', naam: 'CVO Gent', postcode: '9000', gemeente: 'Gent' },
  startdatum: '2027-02-01',
  einddatum: '2027-02-28',
  lesmomenten: [{ lesmomentId: 'LM-1', omschrijving: 'maandag', capaciteit: 10, vrijePlaatsen: 3 }],
  tarief: { bedragCent: 12_000, vrijstellingMogelijk: true },
};
const PLACE = {
  aanmeldingId: 'AM-1',
  modulevariantId: 'MV-9000-11',
  lesmomentId: 'LM-1',
  vrijstellingGevraagd: true,
};

// nock needs an Error instance here: a plain object never reaches the client.
const networkError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('DavinciClient against nock', () => {
  let breaker: Breaker;
  let client: DavinciClient;

  beforeAll(() => nock.disableNetConnect());
  // restore() un-patches node:http for the next nock-using test file in this process.
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  beforeEach(() => {
    breaker = new Breaker({
      settings: {
        name: 'davinci.test',
        timeoutMs: 300,
        slowCallMs: 300,
        volumeThreshold: 3,
        errorThresholdPercentage: 50,
        resetTimeoutMs: 60_000,
        rollingWindowMs: 60_000,
        maxConcurrent: 5,
      },
    });
    client = new DavinciClient(
      axios.create({ baseURL: BASE }),
      breaker,
      { retries: 2, baseDelayMs: 10, maxDelayMs: 50 },
      () => 0.5,
    );
  });

  afterEach(() => {
    breaker.shutdown();
    nock.cleanAll();
  });

  const search = () => nock(BASE).get('/v1/modulevarianten').query(true);

  async function failure(call: () => Promise<unknown>): Promise<unknown> {
    try {
      await call();
    } catch (error) {
      return error;
    }
    throw new Error('the call succeeded');
  }

  it('returns parsed offers', async () => {
    search().reply(200, { items: [OFFER] });
    await expect(client.searchOffers({ postcode: '9000' })).resolves.toEqual([OFFER]);
  });

  it('retries a 5xx on an idempotent call and succeeds', async () => {
    search().reply(503, { code: 'STORING' });
    search().reply(200, { items: [] });
    await expect(client.searchOffers({ postcode: '9000' })).resolves.toEqual([]);
  });

  it('gives up after the retries: transient, and the breaker opens', async () => {
    search().times(3).reply(502, 'Bad Gateway');
    const error = await failure(() => client.searchOffers({ postcode: '9000' }));
    expect(error).toBeInstanceOf(TransientCallError);
    expect((error as TransientCallError).code).toBe('HTTP_502');
    expect(breaker.state).toBe('open');
  });

  it('honours 429 Retry-After and then succeeds', async () => {
    search().reply(429, { code: 'TE_VEEL' }, { 'Retry-After': '0' });
    search().reply(200, { items: [OFFER] });
    await expect(client.searchOffers({ postcode: '9000' })).resolves.toHaveLength(1);
  });

  it('classifies a 429 that persists as transient, carrying its Retry-After', async () => {
    search().times(3).reply(429, { code: 'TE_VEEL' }, { 'Retry-After': '1' });
    const error = await failure(() => client.searchOffers({ postcode: '9000' }));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAfterMs).toBe(1_000);
  });

  it('aborts a call that outlives its timeout: a timeout failure', async () => {
    search().times(3).delay(1_000).reply(200, { items: [] });
    const error = await failure(() => client.searchOffers({ postcode: '9000' }));
    expect(error).toBeInstanceOf(CallTimeoutError);
  });

  it('classifies a connection reset as transient', async () => {
    search().times(3).replyWithError(networkError('ECONNRESET'));
    const error = await failure(() => client.searchOffers({ postcode: '9000' }));
    expect(error).toBeInstanceOf(TransientCallError);
    expect((error as TransientCallError).code).toBe('ECONNRESET');
  });

  it('classifies malformed JSON as a transient failure of DAVINCI', async () => {
    search().times(3).reply(200, '{"items": [', { 'content-type': 'application/json' });
    const error = await failure(() => client.searchOffers({ postcode: '9000' }));
    expect((error as TransientCallError).code).toBe('MALFORMED');
  });

  it('classifies a schema-invalid answer as a transient failure of DAVINCI', async () => {
    search()
      .times(3)
      .reply(200, { items: [{ modulevariantId: 7 }] });
    const error = await failure(() => client.searchOffers({ postcode: '9000' }));
    expect(error).toBeInstanceOf(TransientCallError);
    expect((error as TransientCallError).code).toBe('SCHEMA');
  });

  it('takes a 400 as permanent: not retried, not counted against DAVINCI', async () => {
    const scope = search().times(3).reply(400, { code: 'ONGELDIG' });
    for (let i = 0; i < 3; i += 1) {
      const error = await failure(() => client.searchOffers({ postcode: '9000' }));
      expect(error).toBeInstanceOf(PermanentCallError);
    }
    expect(scope.isDone()).toBe(true);
    expect(breaker.state).toBe('closed');
  });

  it('answers a full lesson moment and a not-eligible learner as refusals, breaker closed', async () => {
    nock(BASE).post('/v1/plaatsingen').times(3).reply(409, { code: 'VOL', detail: 'vol' });
    nock(BASE).post('/v1/plaatsingen').reply(422, { code: 'NIET_TOELAATBAAR', detail: 'te jong' });
    for (let i = 0; i < 3; i += 1) {
      await expect(client.place('key-1', PLACE)).resolves.toEqual({
        kind: 'refused',
        reason: 'full',
        detail: 'vol',
      });
    }
    await expect(client.place('key-1', PLACE)).resolves.toMatchObject({ reason: 'not-eligible' });
    expect(breaker.state).toBe('closed');
  });

  it('sends the idempotency key with a plaatsing and never retries the POST itself', async () => {
    const scope = nock(BASE, { reqheaders: { 'idempotency-key': 'enrol-42' } })
      .post('/v1/plaatsingen')
      .reply(503, { code: 'STORING' });
    const error = await failure(() => client.place('enrol-42', PLACE));
    expect(error).toBeInstanceOf(TransientCallError);
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('keeps the learner out of error messages', async () => {
    nock(BASE)
      .put(/\/v1\/aanmeldingen\/.*/)
      .times(3)
      .replyWithError({ code: 'ECONNREFUSED' });
    const error = await failure(() =>
      client.register('registration:p-1', {
        firstName: 'Olena',
        lastName: 'Kovalenko',
        birthDate: '1990-04-02',
      }),
    );
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toMatch(
      /Olena|Kovalenko|1990/,
    );
  });
});
