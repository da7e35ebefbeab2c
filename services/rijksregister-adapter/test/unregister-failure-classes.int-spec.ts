import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative } from 'node:path';
import nock from 'nock';
import { validateXML } from 'xmllint-wasm';
import { findProjectRoot } from '@toevlucht/runtime';
import {
  Breaker,
  CallTimeoutError,
  PermanentCallError,
  TransientCallError,
} from '@toevlucht/resilience';
import { soapFault, uitschrijvingAnswer } from '../../../simulators/magda/src/answers';
import type { MagdaSettings } from '../src/magda/adapter-config';
import { callUitschrijving, UitschrijvingClient } from '../src/magda/uitschrijving-client';

const root = findProjectRoot();
const ENDPOINT = 'http://magda.test';
const PATH = '/RegistreerUitschrijvingDienst-02.01/soap/WebService';
const INSZ = '85650100153';

const breakerSettings = {
  name: 'rijksregister.RegistreerUitschrijving',
  timeoutMs: 300,
  slowCallMs: 300,
  volumeThreshold: 1_000,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 60_000,
  rollingWindowMs: 10_000,
  maxConcurrent: 5,
};

const settings: MagdaSettings = {
  geefPersoonUrl: `${ENDPOINT}/unused`,
  geefPersoonWsdl: join(root, 'contracts', 'wsdl', 'GeefPersoonDienst-02.02.wsdl'),
  registreerUrl: `${ENDPOINT}/unused`,
  registreerWsdl: join(root, 'contracts', 'wsdl', 'RegistreerInschrijvingDienst-02.01.wsdl'),
  uitschrijvingUrl: `${ENDPOINT}${PATH}`,
  uitschrijvingWsdl: join(root, 'contracts', 'wsdl', 'RegistreerUitschrijvingDienst-02.01.wsdl'),
  afzender: 'toevlucht.dev/test',
  hoedanigheid: '1300',
  attemptsPerMessage: 1,
  breaker: { ...breakerSettings, name: 'rijksregister.GeefPersoon' },
  registreerBreaker: { ...breakerSettings, name: 'rijksregister.RegistreerInschrijving' },
  uitschrijvingBreaker: breakerSettings,
};

const ctx = {
  ontvanger: 'toevlucht.dev/test',
  referte: 'r-1',
  hoedanigheid: '1300',
  now: new Date(),
};
const issue = (code: string, origin = 'MAGDA') => ({ code, origin, type: 'FOUT', diagnose: 'd' });

/**
 * The failure classes of a RegistreerUitschrijving call, with MAGDA mocked by nock at the HTTP
 * level: what the call resolves with or throws, and whether its breaker counted it.
 */
describe('RegistreerUitschrijving failure classes (nock)', () => {
  let client: UitschrijvingClient;
  let breaker: Breaker;

  beforeAll(async () => {
    client = await UitschrijvingClient.create(settings);
    nock.disableNetConnect();
  });

  beforeEach(() => {
    breaker = new Breaker({ settings: settings.uitschrijvingBreaker });
  });

  afterEach(() => {
    breaker.shutdown();
    nock.cleanAll();
  });

  // restore() un-patches node:http: the next test file in this process loads its own nock,
  // which misbehaves (timeouts, resets) on top of a patch left by this one.
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  const ask = (end?: string) =>
    callUitschrijving(breaker, client, {
      insz: INSZ,
      referte: 'r-1',
      ...(end === undefined ? {} : { end }),
    });
  const failures = () =>
    (breaker as unknown as { circuit: { stats: { failures: number } } }).circuit.stats.failures;

  const transientCases: [string, () => nock.Interceptor | nock.Scope][] = [
    ['HTTP 500', () => nock(ENDPOINT).post(PATH).reply(500, 'Internal Server Error')],
    ['HTTP 503', () => nock(ENDPOINT).post(PATH).reply(503, 'Service Unavailable')],
    ['HTTP 429', () => nock(ENDPOINT).post(PATH).reply(429, 'Too Many Requests')],
    [
      'a SOAP server fault',
      () => nock(ENDPOINT).post(PATH).reply(500, soapFault('soapenv:Server', 'x')),
    ],
    [
      'MAGDA 99996 at message level',
      () =>
        nock(ENDPOINT)
          .post(PATH)
          .reply(200, uitschrijvingAnswer(ctx, [issue('99996')], 'message')),
    ],
    [
      'MAGDA 60006 at answer level',
      () =>
        nock(ENDPOINT)
          .post(PATH)
          .reply(200, uitschrijvingAnswer(ctx, [issue('60006', 'RR')])),
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
    ['an empty body', () => nock(ENDPOINT).post(PATH).reply(200, '')],
  ];

  it.each(transientCases)('%s is transient and counts for the breaker', async (_name, mock) => {
    mock();
    await expect(ask()).rejects.toBeInstanceOf(TransientCallError);
    expect(failures()).toBe(1);
  });

  it('a timeout aborts the request, is transient and counts', async () => {
    const scope = nock(ENDPOINT).post(PATH).delay(1_000).reply(200, uitschrijvingAnswer(ctx, []));
    await expect(ask()).rejects.toBeInstanceOf(CallTimeoutError);
    expect(failures()).toBe(1);
    scope.done();
  });

  it('a connection reset (over a real socket) is transient and counts', async () => {
    const server = createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    nock.enableNetConnect('127.0.0.1');
    const resetting = await UitschrijvingClient.create({
      ...settings,
      uitschrijvingUrl: `http://127.0.0.1:${address.port}${PATH}`,
    });
    try {
      await expect(
        callUitschrijving(breaker, resetting, { insz: INSZ, referte: 'r-1' }),
      ).rejects.toBeInstanceOf(TransientCallError);
      expect(failures()).toBe(1);
    } finally {
      nock.disableNetConnect();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    [
      'a SOAP client fault',
      () => nock(ENDPOINT).post(PATH).reply(500, soapFault('soapenv:Client', 'x')),
    ],
    ['HTTP 403', () => nock(ENDPOINT).post(PATH).reply(403, 'Forbidden')],
  ])('%s is permanent and does not count', async (_name, mock) => {
    mock();
    await expect(ask()).rejects.toBeInstanceOf(PermanentCallError);
    expect(failures()).toBe(0);
  });

  it.each([
    ['20002', 'message'],
    ['40006', 'message'],
    ['30003', 'answer'],
    ['60011', 'answer'],
  ] as const)('MAGDA %s at %s level is a refusal and does not count', async (code, level) => {
    nock(ENDPOINT)
      .post(PATH)
      .reply(200, uitschrijvingAnswer(ctx, [issue(code)], level));
    const refusal = ask();
    await expect(refusal).rejects.toBeInstanceOf(PermanentCallError);
    await expect(refusal).rejects.toMatchObject({ code });
    expect(failures()).toBe(0);
  });

  it('not in the repertorium (13202) is done, not a refusal', async () => {
    nock(ENDPOINT)
      .post(PATH)
      .reply(200, uitschrijvingAnswer(ctx, [issue('13202')]));
    await expect(ask()).resolves.toBe('not-registered');
    expect(failures()).toBe(0);
  });

  it('sends Verzoek/Context/Vragen/Vraag/Inhoud/Uitschrijving with our identity and the INSZ', async () => {
    const sent: string[] = [];
    nock(ENDPOINT)
      .post(PATH, (body: string) => {
        sent.push(body);
        return true;
      })
      .times(2)
      .reply(200, uitschrijvingAnswer(ctx, []));
    await expect(ask()).resolves.toBe('unregistered');
    await expect(ask('2026-06-30')).resolves.toBe('unregistered');
    const [withoutEnd, withEnd] = sent as [string, string];
    expect(withoutEnd).toMatch(
      /<Verzoek[^>]*>\s*<Context>\s*<Naam>RegistreerUitschrijving<\/Naam>\s*<Versie>02\.01\.0000<\/Versie>/,
    );
    expect(withoutEnd).toMatch(
      /<Vraag>\s*<Referte>r-1<\/Referte>\s*<Inhoud>\s*<Uitschrijving>\s*<Identificatie>toevlucht\.dev\/test<\/Identificatie>\s*<Hoedanigheid>1300<\/Hoedanigheid>\s*<BetrokkenSubject>\s*<Type>PERS<\/Type>\s*<Subjecten>\s*<Subject>\s*<Type>PERS<\/Type>\s*<Sleutel>85650100153<\/Sleutel>/,
    );
    expect(withoutEnd).not.toContain('<Periode>');
    expect(withEnd).toMatch(/<Periode>\s*<Einde>2026-06-30<\/Einde>\s*<\/Periode>/);
  });

  it('the request sent and the simulator answers validate against our RegistreerUitschrijving XSD', async () => {
    const sent: string[] = [];
    nock(ENDPOINT)
      .post(PATH, (body: string) => {
        sent.push(body);
        return true;
      })
      .times(2)
      .reply(200, uitschrijvingAnswer(ctx, []));
    await ask();
    await ask('2026-06-30');
    const documents = [
      ...sent,
      uitschrijvingAnswer(ctx, []),
      uitschrijvingAnswer(ctx, [issue('13202')]),
      uitschrijvingAnswer(ctx, [issue('99996')], 'message'),
    ].map((xml, index) => ({ fileName: `document-${index}.xml`, contents: bodyOf(xml) }));
    const result = await validateWithXsd('RegistreerUitschrijvingDienst-02.01.xsd', documents);
    expect(result.errors.map((error) => error.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
    // The schema is not empty: the register question does not pass as a deregistration.
    const wrong = await validateWithXsd('RegistreerUitschrijvingDienst-02.01.xsd', [
      {
        fileName: 'wrong.xml',
        contents: bodyOf(sent[0]!).replace(/Uitschrijving>/g, 'Inschrijving>'),
      },
    ]);
    expect(wrong.valid).toBe(false);
  });
});

const wsdlDir = join(root, 'contracts', 'wsdl');

/** The one element inside soap:Body, given the envelope's namespace declarations it uses. */
function bodyOf(envelopeXml: string): string {
  const match = /<([A-Za-z0-9]+:)?Body[^>]*>([\s\S]*)<\/([A-Za-z0-9]+:)?Body>/.exec(envelopeXml);
  if (match === null) throw new Error('no SOAP Body');
  const envelopeTag = /<([A-Za-z0-9]+:)?Envelope[^>]*>/.exec(envelopeXml)?.[0] ?? '';
  const declarations = envelopeTag.match(/xmlns:[A-Za-z0-9]+="[^"]*"/g) ?? [];
  const element = match[2]!.trim();
  return element.replace(/^<([^\s>/]+)/, (open) => `${open} ${declarations.join(' ')}`);
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return schemaFiles(path);
    return path.endsWith('.xsd') ? [path] : [];
  });
}

function validateWithXsd(schema: string, xml: { fileName: string; contents: string }[]) {
  const preload = schemaFiles(wsdlDir)
    .filter((path) => path !== join(wsdlDir, schema))
    .map((path) => ({ fileName: relative(wsdlDir, path), contents: readFileSync(path, 'utf8') }));
  return validateXML({
    xml,
    schema: [{ fileName: schema, contents: readFileSync(join(wsdlDir, schema), 'utf8') }],
    preload,
  });
}
