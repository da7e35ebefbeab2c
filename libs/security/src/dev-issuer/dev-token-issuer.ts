import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER_PORT } from '../config/dev-defaults';
import { isRole } from '../roles';

const ALGORITHM = 'ES256';
const MAX_TTL_S = 24 * 3_600;
const NIS_CODE = /^[1-9]\d{4}$/;
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface DevIssuerOptions {
  /** 0 picks a free port (tests). Default 3090. */
  readonly port?: number;
  readonly host?: string;
  readonly audience?: string;
  readonly rolesClaim?: string;
  readonly nisClaim?: string;
  /** Checked for NODE_ENV=production, which this issuer refuses. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What a token should say. Anything left out gets a working default. */
export interface MintRequest {
  readonly roles?: readonly string[];
  readonly nis?: string;
  readonly sub?: string;
  readonly name?: string;
  /** Lifetime in seconds from now (default 3600). */
  readonly ttlSeconds?: number;
  /** Tests only: extra or overriding claims (an `exp` in the past, another `aud`, …). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Tests only: claims to leave out of the token. */
  readonly omit?: readonly string[];
}

export class DevIssuerRefusedError extends Error {
  constructor() {
    super('The development token issuer refuses to run with NODE_ENV=production');
    this.name = 'DevIssuerRefusedError';
  }
}

/**
 * A development stand-in for the identity provider: publishes a JWKS and an OpenID discovery
 * document and mints whatever token it is asked for, signed with a key pair made at start
 * (tokens die with the process). Anyone who can reach it can mint any role: it refuses to run
 * with NODE_ENV=production and listens on 127.0.0.1 by default.
 */
export class DevTokenIssuer {
  private constructor(
    private readonly server: Server,
    private readonly privateKey: SigningKey,
    private readonly publicJwk: JWK,
    readonly url: string,
    readonly audience: string,
    private readonly rolesClaim: string,
    private readonly nisClaim: string,
  ) {}

  static async start(options: DevIssuerOptions = {}): Promise<DevTokenIssuer> {
    if ((options.env ?? process.env)['NODE_ENV'] === 'production')
      throw new DevIssuerRefusedError();
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    const publicJwk = {
      ...(await exportJWK(publicKey)),
      kid: randomUUID(),
      alg: ALGORITHM,
      use: 'sig',
    };
    const host = options.host ?? '127.0.0.1';
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEV_ISSUER_PORT, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const issuer = new DevTokenIssuer(
      server,
      privateKey,
      publicJwk,
      `http://${host}:${port}`,
      options.audience ?? DEV_AUDIENCE,
      options.rolesClaim ?? 'roles',
      options.nisClaim ?? 'nis',
    );
    server.on('request', (request, response) => void issuer.handle(request, response));
    return issuer;
  }

  /** The `iss` of its tokens: its own URL, as OIDC_ISSUER must say. */
  get issuer(): string {
    return this.url;
  }

  get jwksUrl(): string {
    return `${this.url}/.well-known/jwks.json`;
  }

  /** The security environment a service needs to trust this issuer. */
  env(): Record<string, string> {
    return {
      OIDC_ISSUER: this.issuer,
      OIDC_AUDIENCE: this.audience,
      OIDC_JWKS_URL: this.jwksUrl,
      OIDC_ROLES_CLAIM: this.rolesClaim,
      OIDC_NIS_CLAIM: this.nisClaim,
    };
  }

  async mint(request: MintRequest = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1_000);
    const ttl = request.ttlSeconds ?? 3_600;
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.audience,
      sub: request.sub ?? `dev-${request.roles?.[0] ?? 'user'}`,
      iat: now,
      nbf: now,
      exp: now + ttl,
      jti: randomUUID(),
      [this.rolesClaim]: [...(request.roles ?? [])],
      ...(request.nis === undefined ? {} : { [this.nisClaim]: request.nis }),
      ...(request.name === undefined ? {} : { name: request.name }),
      ...request.claims,
    };
    for (const claim of request.omit ?? []) delete claims[claim];
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, kid: this.publicJwk.kid!, typ: 'JWT' })
      .sign(this.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    try {
      if (request.method === 'GET' && path === '/.well-known/jwks.json') {
        return send(response, 200, { keys: [this.publicJwk] });
      }
      if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
        return send(response, 200, {
          issuer: this.issuer,
          jwks_uri: this.jwksUrl,
          token_endpoint: `${this.url}/token`,
          id_token_signing_alg_values_supported: [ALGORITHM],
          response_types_supported: ['token'],
          subject_types_supported: ['public'],
        });
      }
      if (request.method === 'POST' && path === '/token') {
        const parsed = parseMintRequest(await readJson(request));
        if (typeof parsed === 'string')
          return send(response, 400, { error: 'invalid_request', error_description: parsed });
        const token = await this.mint(parsed);
        return send(response, 200, {
          access_token: token,
          token_type: 'Bearer',
          expires_in: parsed.ttlSeconds ?? 3_600,
        });
      }
      return send(response, 404, { error: 'not_found' });
    } catch {
      return send(response, 400, {
        error: 'invalid_request',
        error_description: 'body must be JSON',
      });
    }
  }
}

/** Validates a POST /token body; returns the problem as text when it is not acceptable. */
export function parseMintRequest(body: unknown): MintRequest | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const input = body as Record<string, unknown>;
  const rawRoles = input['roles'] ?? (input['role'] === undefined ? [] : [input['role']]);
  if (!Array.isArray(rawRoles) || !rawRoles.every(isRole)) {
    return 'roles must be a list of: agii-medewerker, centrale-validator, gemeentelijk-coordinator, rapportering, beheerder';
  }
  const nis = input['nis'];
  if (nis !== undefined && (typeof nis !== 'string' || !NIS_CODE.test(nis)))
    return 'nis must be a 5-digit NIS code';
  if (rawRoles.includes('gemeentelijk-coordinator') && nis === undefined) {
    return 'a gemeentelijk-coordinator token needs nis (services refuse one without)';
  }
  const sub = input['sub'];
  if (sub !== undefined && (typeof sub !== 'string' || sub === ''))
    return 'sub must be a non-empty string';
  const ttl = input['ttl'];
  if (
    ttl !== undefined &&
    (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_S)
  ) {
    return `ttl must be whole seconds between 1 and ${MAX_TTL_S}`;
  }
  const name = input['name'];
  if (name !== undefined && typeof name !== 'string') return 'name must be a string';
  return {
    roles: rawRoles,
    ...(nis === undefined ? {} : { nis }),
    ...(sub === undefined ? {} : { sub }),
    ...(ttl === undefined ? {} : { ttlSeconds: ttl }),
    ...(name === undefined ? {} : { name }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}
