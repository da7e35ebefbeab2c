import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createClientAsync } from 'soap';
import {
  geefPersoonAnswer,
  historiekAnswer,
  registreerAnswer,
  soapFault,
  uitschrijvingAnswer,
  type AnswerContext,
} from './answers';
import { type FaultMode, NO_FAULTS, type OperationFaults, seededRandom } from './faults';
import { CODED_ANSWERS, findPerson } from './persons';

export const OPERATIONS = [
  'GeefPersoon',
  'GeefHistoriekInschrijving',
  'RegistreerInschrijving',
  'RegistreerUitschrijving',
] as const;
export type Operation = (typeof OPERATIONS)[number];

const PATHS: Readonly<Record<string, Operation>> = {
  '/GeefPersoonDienst-02.02/soap/WebService': 'GeefPersoon',
  '/GeefHistoriekInschrijvingDienst-02.01/soap/WebService': 'GeefHistoriekInschrijving',
  '/RegistreerInschrijvingDienst-02.01/soap/WebService': 'RegistreerInschrijving',
  '/RegistreerUitschrijvingDienst-02.01/soap/WebService': 'RegistreerUitschrijving',
};

export interface SimulatorStats {
  /** Requests that reached the simulator, per operation (also the ones given a fault). */
  calls: Record<string, number>;
  faults: Record<string, number>;
}

/**
 * The MAGDA simulator: GeefPersoon 02.02, GeefHistoriekInschrijving 02.01 and the repertorium's
 * RegistreerInschrijving/RegistreerUitschrijving 02.01 over SOAP 1.1 on plain HTTP, with the seeded persons,
 * and `/admin` to inject latency, errors, transient codes, malformed answers, hanging
 * connections and full outages per operation. Requests are parsed with the soap package from
 * the same WSDL the adapter uses.
 */
export class MagdaSimulator {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly faults = new Map<string, OperationFaults>();
  private readonly stats: SimulatorStats = { calls: {}, faults: {} };
  private random: () => number;
  private parse: ((xml: string) => unknown) | undefined;
  private parseHistoriek: ((xml: string) => unknown) | undefined;
  private parseRegistreer: ((xml: string) => unknown) | undefined;
  private parseUitschrijving: ((xml: string) => unknown) | undefined;
  /** INSZ numbers in the simulated repertorium, with the last period registered. */
  readonly repertorium = new Map<string, { begin: string; end?: string }>();

  constructor(
    private readonly projectRoot: string,
    seed = 42,
  ) {
    this.random = seededRandom(seed);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const client = await createClientAsync(
      join(this.projectRoot, 'contracts', 'wsdl', 'GeefPersoonDienst-02.02.wsdl'),
    );
    this.parse = (xml) => client.wsdl.xmlToObject(xml) as unknown;
    const historiek = await createClientAsync(
      join(this.projectRoot, 'contracts', 'wsdl', 'GeefHistoriekInschrijvingDienst-02.01.wsdl'),
    );
    this.parseHistoriek = (xml) => historiek.wsdl.xmlToObject(xml) as unknown;
    const registreer = await createClientAsync(
      join(this.projectRoot, 'contracts', 'wsdl', 'RegistreerInschrijvingDienst-02.01.wsdl'),
    );
    this.parseRegistreer = (xml) => registreer.wsdl.xmlToObject(xml) as unknown;
    const uitschrijving = await createClientAsync(
      join(this.projectRoot, 'contracts', 'wsdl', 'RegistreerUitschrijvingDienst-02.01.wsdl'),
    );
    this.parseUitschrijving = (xml) => uitschrijving.wsdl.xmlToObject(xml) as unknown;
    const server = createServer((request, response) => void this.handle(request, response));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const address = server.address();
    return typeof address === 'object' && address !== null ? address.port : port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  configure(operation: string, faults: Partial<OperationFaults>): void {
    this.faults.set(operation, { ...(this.faults.get(operation) ?? NO_FAULTS), ...faults });
  }

  reset(seed = 42): void {
    this.faults.clear();
    this.stats.calls = {};
    this.stats.faults = {};
    this.random = seededRandom(seed);
    this.repertorium.clear();
  }

  snapshot(): SimulatorStats {
    return { calls: { ...this.stats.calls }, faults: { ...this.stats.faults } };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = request.url ?? '/';
    if (url.startsWith('/admin')) {
      this.admin(request.method ?? 'GET', url, body, response);
      return;
    }
    const operation = PATHS[url];
    if (operation === undefined || request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    this.stats.calls[operation] = (this.stats.calls[operation] ?? 0) + 1;
    const faults = this.faults.get(operation) ?? NO_FAULTS;
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (faults.outage) {
      this.count(operation);
      request.socket.destroy();
      return;
    }
    if (faults.errorRate > 0 && this.random() < faults.errorRate) {
      this.count(operation);
      this.fail(faults.mode, request, response, operation);
      return;
    }
    if (operation === 'RegistreerInschrijving') this.answerRegistreer(body, response);
    else if (operation === 'RegistreerUitschrijving') this.answerUitschrijving(body, response);
    else if (operation === 'GeefHistoriekInschrijving') this.answerHistoriek(body, response);
    else this.answerGeefPersoon(body, response);
  }

  private answerGeefPersoon(body: string, response: ServerResponse): void {
    const verzoek = readVerzoek(this.parse?.(body));
    if (verzoek === undefined) {
      send(response, 500, soapFault('soapenv:Client', 'Verzoek kon niet gelezen worden'));
      return;
    }
    const afzender = verzoek.Context?.Bericht?.Afzender ?? {};
    const insz = String(verzoek.Vragen?.Vraag?.Inhoud?.Criteria?.INSZ ?? '');
    const ctx: AnswerContext = {
      ontvanger: String(afzender.Identificatie ?? ''),
      referte: String(afzender.Referte ?? ''),
      hoedanigheid: String(afzender.Hoedanigheid ?? ''),
      now: new Date(),
    };
    const coded = CODED_ANSWERS[insz];
    const person = findPerson(insz);
    if (person !== undefined) send(response, 200, geefPersoonAnswer(ctx, { person }));
    else {
      const issue = coded ?? {
        code: '30001',
        origin: 'RR',
        diagnose: 'Geen gegevens gevonden voor de vraag',
      };
      send(
        response,
        200,
        geefPersoonAnswer(ctx, { issues: [{ ...issue, type: 'FOUT' }], level: 'answer' }),
      );
    }
  }

  private answerRegistreer(body: string, response: ServerResponse): void {
    interface Registreer {
      Context?: Verzoek['Context'];
      Vragen?: {
        Vraag?: {
          Inhoud?: {
            Inschrijving?: {
              BetrokkenSubject?: {
                Subjecten?: { Subject?: { Sleutel?: string } | { Sleutel?: string }[] };
              };
              Periode?: { Begin?: string; Einde?: string };
            };
          };
        };
      };
    }
    const parsed = this.parseRegistreer?.(body) as
      { Body?: { RegistreerInschrijving?: { Verzoek?: Registreer } } } | undefined;
    const verzoek = parsed?.Body?.RegistreerInschrijving?.Verzoek;
    const inschrijving = verzoek?.Vragen?.Vraag?.Inhoud?.Inschrijving;
    const subject = inschrijving?.BetrokkenSubject?.Subjecten?.Subject;
    // Subject repeats in the schema, so the parser gives a list.
    const insz = (Array.isArray(subject) ? subject[0] : subject)?.Sleutel;
    const begin = inschrijving?.Periode?.Begin;
    if (verzoek === undefined || insz === undefined || begin === undefined) {
      send(response, 500, soapFault('soapenv:Client', 'Verzoek kon niet gelezen worden'));
      return;
    }
    const afzender = verzoek.Context?.Bericht?.Afzender ?? {};
    const ctx: AnswerContext = {
      ontvanger: afzender.Identificatie ?? '',
      referte: afzender.Referte ?? '',
      hoedanigheid: afzender.Hoedanigheid ?? '',
      now: new Date(),
    };
    const coded = CODED_ANSWERS[insz];
    if (coded !== undefined && coded.code !== '30001' && coded.code !== '13202') {
      send(response, 200, registreerAnswer(ctx, [{ ...coded, type: 'FOUT' }]));
      return;
    }
    const end = inschrijving?.Periode?.Einde;
    this.repertorium.set(insz, end === undefined ? { begin } : { begin, end });
    send(response, 200, registreerAnswer(ctx, []));
  }

  /**
   * A registered person leaves the repertorium (with an Einde: the registration ends that day
   * instead); one not registered gets 13202; the coded INSZ numbers get their FOUT, as for
   * RegistreerInschrijving.
   */
  private answerUitschrijving(body: string, response: ServerResponse): void {
    interface Uitschrijving {
      Context?: Verzoek['Context'];
      Vragen?: {
        Vraag?: {
          Inhoud?: {
            Uitschrijving?: {
              BetrokkenSubject?: {
                Subjecten?: { Subject?: { Sleutel?: string } | { Sleutel?: string }[] };
              };
              Periode?: { Begin?: string; Einde?: string };
            };
          };
        };
      };
    }
    const parsed = this.parseUitschrijving?.(body) as
      { Body?: { RegistreerUitschrijving?: { Verzoek?: Uitschrijving } } } | undefined;
    const verzoek = parsed?.Body?.RegistreerUitschrijving?.Verzoek;
    const uitschrijving = verzoek?.Vragen?.Vraag?.Inhoud?.Uitschrijving;
    const subject = uitschrijving?.BetrokkenSubject?.Subjecten?.Subject;
    const insz = (Array.isArray(subject) ? subject[0] : subject)?.Sleutel;
    if (verzoek === undefined || insz === undefined) {
      send(response, 500, soapFault('soapenv:Client', 'Verzoek kon niet gelezen worden'));
      return;
    }
    const afzender = verzoek.Context?.Bericht?.Afzender ?? {};
    const ctx: AnswerContext = {
      ontvanger: afzender.Identificatie ?? '',
      referte: afzender.Referte ?? '',
      hoedanigheid: afzender.Hoedanigheid ?? '',
      now: new Date(),
    };
    const coded = CODED_ANSWERS[insz];
    if (coded !== undefined && coded.code !== '30001') {
      send(response, 200, uitschrijvingAnswer(ctx, [{ ...coded, type: 'FOUT' }]));
      return;
    }
    const registered = this.repertorium.get(insz);
    if (registered === undefined) {
      const issue = {
        code: '13202',
        origin: 'MAGDA',
        type: 'FOUT',
        diagnose: 'Persoon niet ingeschreven in het repertorium',
      };
      send(response, 200, uitschrijvingAnswer(ctx, [issue]));
      return;
    }
    const end = uitschrijving?.Periode?.Einde;
    if (end === undefined) this.repertorium.delete(insz);
    else this.repertorium.set(insz, { ...registered, end });
    send(response, 200, uitschrijvingAnswer(ctx, []));
  }

  private answerHistoriek(body: string, response: ServerResponse): void {
    const parsed = this.parseHistoriek?.(body) as
      { Body?: { GeefHistoriekInschrijving?: { Verzoek?: Verzoek } } } | undefined;
    const verzoek = parsed?.Body?.GeefHistoriekInschrijving?.Verzoek;
    if (verzoek === undefined) {
      send(response, 500, soapFault('soapenv:Client', 'Verzoek kon niet gelezen worden'));
      return;
    }
    const afzender = verzoek.Context?.Bericht?.Afzender ?? {};
    const insz = verzoek.Vragen?.Vraag?.Inhoud?.Criteria?.INSZ ?? '';
    const ctx: AnswerContext = {
      ontvanger: afzender.Identificatie ?? '',
      referte: afzender.Referte ?? '',
      hoedanigheid: afzender.Hoedanigheid ?? '',
      now: new Date(),
    };
    const person = findPerson(insz);
    const coded = CODED_ANSWERS[insz];
    if (person !== undefined) send(response, 200, historiekAnswer(ctx, { person }));
    else {
      const issue = coded ?? { code: '30001', origin: 'MAGDA', diagnose: 'Geen gegevens gevonden' };
      send(
        response,
        200,
        historiekAnswer(ctx, { issues: [{ ...issue, type: 'FOUT' }], level: 'answer' }),
      );
    }
  }

  private fail(
    mode: FaultMode,
    request: IncomingMessage,
    response: ServerResponse,
    operation: Operation,
  ): void {
    const ctx: AnswerContext = {
      ontvanger: 'unknown',
      referte: 'unknown',
      hoedanigheid: '',
      now: new Date(),
    };
    switch (mode) {
      case 'http-500':
        send(response, 500, 'Internal Server Error', 'text/plain');
        return;
      case 'http-503':
        send(response, 503, 'Service Unavailable', 'text/plain');
        return;
      case 'soap-server-fault':
        send(response, 500, soapFault('soapenv:Server', 'Interne fout'));
        return;
      case 'soap-client-fault':
        send(response, 500, soapFault('soapenv:Client', 'Ongeldig verzoek'));
        return;
      case 'magda-60006':
      case 'magda-99995':
      case 'magda-99996': {
        const code = mode.slice('magda-'.length);
        // Message level, as MAGDA reports an unreachable or overloaded source.
        if (operation === 'RegistreerUitschrijving') {
          const issues = [
            { code, origin: 'MAGDA', type: 'FOUT', diagnose: 'Bron tijdelijk niet beschikbaar' },
          ];
          send(response, 200, uitschrijvingAnswer(ctx, issues, 'message'));
          return;
        }
        const render =
          operation === 'GeefHistoriekInschrijving' ? historiekAnswer : geefPersoonAnswer;
        send(
          response,
          200,
          render(ctx, {
            issues: [
              { code, origin: 'MAGDA', type: 'FOUT', diagnose: 'Bron tijdelijk niet beschikbaar' },
            ],
            level: 'message',
          }),
        );
        return;
      }
      case 'malformed-xml':
        send(
          response,
          200,
          '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><web:GeefPersoonResponse',
        );
        return;
      case 'empty-body':
        send(response, 200, '');
        return;
      case 'hang':
        // Never answers; the connection stays open until the client gives up.
        return;
      case 'reset':
        request.socket.destroy();
        return;
      default:
        void operation;
    }
  }

  private count(operation: string): void {
    this.stats.faults[operation] = (this.stats.faults[operation] ?? 0) + 1;
  }

  private admin(method: string, url: string, body: string, response: ServerResponse): void {
    const match = /^\/admin\/operations\/([A-Za-z]+)$/.exec(url);
    if (method === 'PUT' && match !== null && OPERATIONS.includes(match[1] as Operation)) {
      this.configure(match[1] as string, JSON.parse(body || '{}') as Partial<OperationFaults>);
      send(response, 200, JSON.stringify(this.faults.get(match[1] as string)), 'application/json');
      return;
    }
    if (method === 'POST' && url === '/admin/reset') {
      this.reset();
      send(response, 204, '', 'text/plain');
      return;
    }
    if (method === 'GET' && url === '/admin/stats') {
      send(response, 200, JSON.stringify(this.snapshot()), 'application/json');
      return;
    }
    send(response, 404, 'Unknown admin route', 'text/plain');
  }
}

interface Verzoek {
  Context?: {
    Bericht?: { Afzender?: { Identificatie?: string; Referte?: string; Hoedanigheid?: string } };
  };
  Vragen?: { Vraag?: { Inhoud?: { Criteria?: { INSZ?: string } } } };
}

function readVerzoek(parsed: unknown): Verzoek | undefined {
  return (parsed as { Body?: { GeefPersoon?: { Verzoek?: Verzoek } } } | undefined)?.Body
    ?.GeefPersoon?.Verzoek;
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  type = 'text/xml; charset=utf-8',
): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
