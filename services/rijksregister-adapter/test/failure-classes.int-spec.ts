import { createServer } from 'node:http';
import { join } from 'node:path';
import nock from 'nock';
import { findProjectRoot } from '@toevlucht/runtime';
import {
  Breaker,
  CallTimeoutError,
  PermanentCallError,
  TransientCallError,
} from '@toevlucht/resilience';
import { envelope, geefPersoonAnswer, soapFault } from '../../../simulators/magda/src/answers';
import { findPerson } from '../../../simulators/magda/src/persons';
import type { MagdaSettings } from '../src/magda/adapter-config';
import { callGeefPersoon } from '../src/magda/geef-persoon-call';
import { GeefPersoonClient } from '../src/magda/geef-persoon-client';

const root = findProjectRoot();
const ENDPOINT = 'http://magda.test';
const PATH = '/GeefPersoonDienst-02.02/soap/WebService';
const INSZ = '85650100153';

const settings: MagdaSettings = {
  geefPersoonUrl: `${ENDPOINT}${PATH}`,
  geefPersoonWsdl: join(root, 'contracts', 'wsdl', 'GeefPersoonDienst-02.02.wsdl'),
  registreerUrl: `${ENDPOINT}/unused`,
  registreerWsdl: join(root, 'contracts', 'wsdl', 'RegistreerInschrijvingDienst-02.01.wsdl'),
  uitschrijvingUrl: `${ENDPOINT}/unused`,
  uitschrijvingWsdl: join(root, 'contracts', 'wsdl', 'RegistreerUitschrijvingDienst-02.01.wsdl'),
  afzender: 'toevlucht.dev/test',
  hoedanigheid: '1300',
  attemptsPerMessage: 1,
  breaker: {
    name: 'rijksregister.GeefPersoon',
    timeoutMs: 300,
    slowCallMs: 300,
    volumeThreshold: 1_000,
    errorThresholdPercentage: 50,
    resetTimeoutMs: 60_000,
    rollingWindowMs: 10_000,
    maxConcurrent: 5,
  },
  get registreerBreaker() {
    return { ...this.breaker, name: 'rijksregister.RegistreerInschrijving' };
  },
  get uitschrijvingBreaker() {
    return { ...this.breaker, name: 'rijksregister.RegistreerUitschrijving' };
  },
};

const ctx = {
  ontvanger: 'toevlucht.dev/test',
  referte: 'r-1',
  hoedanigheid: '1300',
  now: new Date(),
};
const issue = (code: string, origin = 'MAGDA') => ({ code, origin, type: 'FOUT', diagnose: 'd' });

/**
 * Every failure class of a GeefPersoon call, with MAGDA mocked by nock at the HTTP level:
 * what the adapter's call resolves with or throws, and whether the breaker counted it.
 */
describe('GeefPersoon failure classes (nock)', () => {
  let client: GeefPersoonClient;
  let breaker: Breaker;

  beforeAll(async () => {
    client = await GeefPersoonClient.create(settings);
    nock.disableNetConnect();
  });

  beforeEach(() => {
    breaker = new Breaker({ settings: settings.breaker });
  });

  afterEach(() => {
    breaker.shutdown();
    nock.cleanAll();
  });

  afterAll(() => {
    nock.enableNetConnect();
    // nock patches node's net and http for the whole process: undo it, or the next test file in
    // this Jest worker (runInBand) runs its sockets through a stale interceptor.
    nock.cleanAll();
    nock.restore();
  });

  const ask = () => callGeefPersoon(breaker, client, { insz: INSZ, referte: 'r-1' });
  const failures = () =>
    (breaker as unknown as { circuit: { stats: { failures: number } } }).circuit.stats.failures;

  const transientCases: [string, () => nock.Interceptor | nock.Scope][] = [
    ['HTTP 500', () => nock(ENDPOINT).post(PATH).reply(500, 'Internal Server Error')],
    ['HTTP 503', () => nock(ENDPOINT).post(PATH).reply(503, 'Service Unavailable')],
    [
      'a SOAP server fault',
      () => nock(ENDPOINT).post(PATH).reply(500, soapFault('soapenv:Server', 'x')),
    ],
    [
      'MAGDA 99996 at message level',
      () =>
        nock(ENDPOINT)
          .post(PATH)
          .reply(200, geefPersoonAnswer(ctx, { issues: [issue('99996')], level: 'message' })),
    ],
    [
      'MAGDA 60006 at answer level',
      () =>
        nock(ENDPOINT)
          .post(PATH)
          .reply(200, geefPersoonAnswer(ctx, { issues: [issue('60006')], level: 'answer' })),
    ],
    [
      'malformed XML',
      () =>
        nock(ENDPOINT)
          .post(PATH)
          .reply(
            200,
            '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x',
          ),
    ],
    [
      'a non-XML body',
      () => nock(ENDPOINT).post(PATH).reply(200, '<html><body>Gateway says hello</body></html>'),
    ],
    ['an empty body', () => nock(ENDPOINT).post(PATH).reply(200, '')],
  ];

  it.each(transientCases)('%s is transient and counts for the breaker', async (_name, mock) => {
    mock();
    await expect(ask()).rejects.toBeInstanceOf(TransientCallError);
    expect(failures()).toBe(1);
  });

  it('a timeout aborts the request, is transient and counts', async () => {
    const scope = nock(ENDPOINT)
      .post(PATH)
      .delay(1_000)
      .reply(200, geefPersoonAnswer(ctx, { person: findPerson(INSZ)! }));
    await expect(ask()).rejects.toBeInstanceOf(CallTimeoutError);
    expect(failures()).toBe(1);
    scope.done();
  });

  it('a connection reset (over a real socket) is transient and counts', async () => {
    // nock's replyWithError leaves the soap client's promise pending; a real reset does not.
    const server = createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    nock.enableNetConnect('127.0.0.1');
    const resetting = await GeefPersoonClient.create({
      ...settings,
      geefPersoonUrl: `http://127.0.0.1:${address.port}${PATH}`,
    });
    try {
      await expect(
        callGeefPersoon(breaker, resetting, { insz: INSZ, referte: 'r-1' }),
      ).rejects.toBeInstanceOf(TransientCallError);
      expect(failures()).toBe(1);
    } finally {
      nock.disableNetConnect();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a SOAP client fault is permanent and does not count', async () => {
    nock(ENDPOINT).post(PATH).reply(500, soapFault('soapenv:Client', 'bad request'));
    await expect(ask()).rejects.toBeInstanceOf(PermanentCallError);
    expect(failures()).toBe(0);
  });

  it.each([
    ['20002', 'message'],
    ['40006', 'message'],
    ['60011', 'answer'],
    ['30003', 'answer'],
    ['13202', 'answer'],
  ] as const)(
    'MAGDA %s at %s level fails the lookup at once and does not count',
    async (code, level) => {
      nock(ENDPOINT)
        .post(PATH)
        .reply(200, geefPersoonAnswer(ctx, { issues: [issue(code)], level }));
      await expect(ask()).resolves.toMatchObject({ kind: 'failed', code, origin: 'MAGDA' });
      expect(failures()).toBe(0);
    },
  );

  it('not found is an answer, not a failure', async () => {
    nock(ENDPOINT)
      .post(PATH)
      .reply(200, geefPersoonAnswer(ctx, { issues: [issue('30001', 'RR')], level: 'answer' }));
    await expect(ask()).resolves.toEqual({ kind: 'not-found', code: '30001' });
    expect(failures()).toBe(0);
  });

  it('sends the MAGDA request shape: Verzoek/Context/Vragen/Vraag with our Referte and capacity', async () => {
    let sent = '';
    nock(ENDPOINT)
      .post(PATH, (body: string) => {
        sent = body;
        return true;
      })
      .reply(
        200,
        envelope(
          geefPersoonAnswer(ctx, { person: findPerson(INSZ)! }).replace(
            /^.*<soapenv:Body>|<\/soapenv:Body>.*$/g,
            '',
          ),
        ),
      );
    await expect(ask()).resolves.toMatchObject({ kind: 'found' });
    expect(sent).toMatch(
      /<Verzoek[^>]*>\s*<Context>\s*<Naam>GeefPersoon<\/Naam>\s*<Versie>02\.02\.0000<\/Versie>/,
    );
    expect(sent).toContain('<Referte>r-1</Referte>');
    expect(sent).toContain('<Hoedanigheid>1300</Hoedanigheid>');
    expect(sent).toMatch(
      /<Vragen>\s*<Vraag>\s*<Referte>r-1<\/Referte>\s*<Inhoud>\s*<Criteria>\s*<INSZ>85650100153<\/INSZ>/,
    );
    expect(sent).toContain('<Bron>RR</Bron>');
  });
});
