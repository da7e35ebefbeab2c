import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DavinciFaults, NO_DAVINCI_FAULTS, updateDavinciFaults } from './davinci-faults';
import { type Betaalstatus, DavinciState, type PlaatsingStatus } from './davinci-state';

export interface DavinciSimulatorSettings {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly random?: () => number;
}

/**
 * DAVINCI, simulated after contracts/openapi/davinci.yaml, with fault controls on the same port:
 *
 *   POST /admin/faults                  set faults (JSON, see davinci-faults.ts; `outageMs`)
 *   POST /admin/reset                   no faults (records are kept)
 *   GET  /admin/plaatsingen             every placement made
 *   POST /admin/plaatsingen/{id}        change a placement's status / betaalstatus
 *   GET  /admin/requests                how many /v1 requests arrived
 */
export class DavinciSimulator {
  readonly state = new DavinciState();
  readonly stats = { requests: 0 };
  private faults: DavinciFaults = { ...NO_DAVINCI_FAULTS };
  private readonly server: Server;
  private readonly random: () => number;

  constructor(private readonly settings: DavinciSimulatorSettings) {
    this.random = settings.random ?? Math.random;
    this.server = createServer((request, response) => {
      void this.route(request, response).catch(() => {
        if (!response.headersSent) problem(response, 500, 'STORING', 'simulator error');
      });
    });
  }

  get url(): string {
    return `http://${this.settings.host}:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server.listen(this.settings.port, this.settings.host, () => resolve()),
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  setFaults(request: Record<string, unknown>): DavinciFaults {
    this.faults = updateDavinciFaults(this.faults, request, Date.now());
    return this.faults;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const body = await readBody(request);
    if (url.pathname.startsWith('/admin/')) return this.admin(request.method, url, body, response);
    this.stats.requests += 1;
    const faults = this.faults;
    if (Date.now() < faults.outageUntil) {
      request.socket.destroy();
      return;
    }
    if (faults.hang) return;
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (faults.tooManyRetryAfterSeconds > 0) {
      response.setHeader('retry-after', String(faults.tooManyRetryAfterSeconds));
      return problem(response, 429, 'TE_VEEL', 'too many requests');
    }
    if (this.random() < faults.errorRate)
      return problem(response, 503, 'STORING', 'DAVINCI unavailable');
    if (faults.malformed) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"items": [');
      return;
    }
    if (faults.schemaInvalid) return json(response, 200, { resultaat: 'onverwacht' });
    this.api(request.method ?? 'GET', url, body, request.headers['idempotency-key'], response);
  }

  private api(
    method: string,
    url: URL,
    body: unknown,
    idempotencyKey: string | string[] | undefined,
    response: ServerResponse,
  ): void {
    const path = url.pathname;
    if (method === 'GET' && path === '/v1/modulevarianten') {
      const postcode = url.searchParams.get('postcode') ?? '';
      if (!/^\d{4}$/.test(postcode))
        return problem(response, 400, 'ONGELDIG', 'postcode must be 4 digits');
      const max = Number(url.searchParams.get('max') ?? 10);
      const items = this.state.search(
        postcode,
        url.searchParams.get('niveau') ?? undefined,
        url.searchParams.get('startVanaf') ?? undefined,
        url.searchParams.get('startTot') ?? undefined,
        Number.isInteger(max) && max > 0 && max <= 50 ? max : 10,
      );
      return json(response, 200, { items });
    }
    const aanmelding = /^\/v1\/aanmeldingen\/([^/]+)$/.exec(path);
    if (method === 'PUT' && aanmelding !== null) {
      const cursist = (body as { cursist?: Record<string, unknown> } | undefined)?.cursist;
      if (
        typeof cursist?.['voornaam'] !== 'string' ||
        typeof cursist['familienaam'] !== 'string' ||
        typeof cursist['geboortedatum'] !== 'string'
      ) {
        return problem(
          response,
          400,
          'ONGELDIG',
          'cursist needs voornaam, familienaam, geboortedatum',
        );
      }
      const reference = decodeURIComponent(aanmelding[1]!);
      const result = this.state.register(reference, cursist as never);
      return json(response, result.created ? 201 : 200, {
        aanmeldingId: result.aanmeldingId,
        externeReferentie: reference,
      });
    }
    if (method === 'POST' && path === '/v1/plaatsingen') {
      if (typeof idempotencyKey !== 'string' || idempotencyKey === '') {
        return problem(response, 400, 'ONGELDIG', 'Idempotency-Key header required');
      }
      const request = body as Record<string, unknown> | undefined;
      if (
        typeof request?.['aanmeldingId'] !== 'string' ||
        typeof request['modulevariantId'] !== 'string' ||
        typeof request['lesmomentId'] !== 'string'
      ) {
        return problem(
          response,
          400,
          'ONGELDIG',
          'aanmeldingId, modulevariantId, lesmomentId required',
        );
      }
      const result = this.state.place(idempotencyKey, request as never);
      if (result.kind === 'placed') return json(response, 201, result.plaatsing);
      return problem(response, result.status, result.code, result.detail);
    }
    const plaatsing = /^\/v1\/plaatsingen\/([^/]+)$/.exec(path);
    if (method === 'GET' && plaatsing !== null) {
      const found = this.state.plaatsing(decodeURIComponent(plaatsing[1]!));
      if (found === undefined) return problem(response, 404, 'ONBEKEND', 'unknown plaatsing');
      return json(response, 200, found);
    }
    problem(response, 404, 'ONBEKEND', 'no such resource');
  }

  private admin(
    method: string | undefined,
    url: URL,
    body: unknown,
    response: ServerResponse,
  ): void {
    const path = url.pathname;
    try {
      if (method === 'POST' && path === '/admin/faults') {
        return json(response, 200, this.setFaults((body ?? {}) as Record<string, unknown>));
      }
      if (method === 'POST' && path === '/admin/reset') {
        this.faults = { ...NO_DAVINCI_FAULTS };
        return json(response, 200, this.faults);
      }
      if (method === 'GET' && path === '/admin/plaatsingen') {
        return json(response, 200, { items: this.state.allPlaatsingen() });
      }
      if (method === 'GET' && path === '/admin/requests') return json(response, 200, this.stats);
      const change = /^\/admin\/plaatsingen\/([^/]+)$/.exec(path);
      if (method === 'POST' && change !== null) {
        const found = this.state.plaatsing(decodeURIComponent(change[1]!));
        if (found === undefined) return problem(response, 404, 'ONBEKEND', 'unknown plaatsing');
        const update = (body ?? {}) as { status?: PlaatsingStatus; betaalstatus?: Betaalstatus };
        if (update.status !== undefined) found.status = update.status;
        if (update.betaalstatus !== undefined) found.betaalstatus = update.betaalstatus;
        return json(response, 200, found);
      }
    } catch (error) {
      return json(response, 400, { error: (error as Error).message });
    }
    json(response, 404, { error: 'not found' });
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function problem(response: ServerResponse, status: number, code: string, detail: string): void {
  response.writeHead(status, { 'content-type': 'application/problem+json' });
  response.end(JSON.stringify({ type: 'about:blank', title: code, status, code, detail }));
}
