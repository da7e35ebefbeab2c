import autocannon from 'autocannon';
import { connect } from 'amqplib';
import { ensureDatabase } from '@toevlucht/persistence';
import { findProjectRoot } from '@toevlucht/runtime';
import { DevTokenIssuer } from '@toevlucht/security';
import {
  freePort,
  ServiceProcess,
  TEST_AMQP_URL,
  testDatabase,
  waitFor,
  waitForStatus,
} from '@toevlucht/testing';
import { baselineSummary, measureBaselines } from './baselines';

/**
 * `npm run bench:gateway`: POST /api/v1/dossiers (three members: validation, encryption, blind
 * indexes, duplicate checks, audit, outbox) against a bare NestJS endpoint doing the raw work
 * (one transaction: the body as JSONB plus an outbox row), both as their own processes against
 * the same PostgreSQL, measured alternately in the same run at fixed rates and open loop.
 * Prints JSON and a summary; ratios are gateway / bare. Not part of `npm test`.
 */
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);
const RATES: (number | 'open')[] = [100, 300, 1_000, 'open'];
const root = findProjectRoot();

interface Figures {
  readonly target: 'bare' | 'gateway';
  readonly rate: number | 'open';
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

let sequence = 0;
/** A valid INSZ per request (birth dates spread over 1950–1999, sequence numbers 1–997). */
function nextInsz(): { insz: string; birthDate: string } {
  sequence += 1;
  const day = Math.floor(sequence / 997);
  const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000);
  const birthDate = birth.toISOString().slice(0, 10);
  const base = `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${String((sequence % 997) + 1).padStart(3, '0')}`;
  const check = 97 - Number(BigInt(base) % 97n);
  return { insz: `${base}${String(check).padStart(2, '0')}`, birthDate };
}

function dossierBody(): string {
  const first = nextInsz();
  const second = nextInsz();
  return JSON.stringify({
    receptionAddress: { street: 'Bondgenotenlaan', houseNumber: '12', postcode: '3000' },
    consent: { referralSharing: true, partnerContact: false },
    members: [
      {
        familyNames: ['Bench'],
        givenNames: [`A${sequence}`],
        birthDate: first.birthDate,
        gender: 'unknown',
        insz: first.insz,
        phones: ['+32470123456'],
        emails: ['bench@example.org'],
        needs: { dutchLessons: { wanted: true } },
      },
      {
        familyNames: ['Bench'],
        givenNames: [`B${sequence}`],
        birthDate: second.birthDate,
        gender: 'unknown',
        insz: second.insz,
        needs: { welfare: ['medical-care'] },
      },
      {
        familyNames: ['Bench'],
        givenNames: [`C${sequence}`],
        birthDate: '2016-05',
        gender: 'M',
        needs: { education: { alreadyEnrolled: false } },
      },
    ],
  });
}

async function load(
  target: Figures['target'],
  url: string,
  token: string | undefined,
  rate: number | 'open',
): Promise<Figures> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...(rate === 'open' ? {} : { overallRate: rate }),
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    requests: [{ setupRequest: (request) => ({ ...request, body: dossierBody() }) }],
  });
  return {
    target,
    rate,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const baselines = await measureBaselines();
  const issuer = await DevTokenIssuer.start({ port: await freePort() });
  const gatewayDb = testDatabase('bench_gateway');
  const bareDb = testDatabase('bench_bare');
  await ensureDatabase(bareDb.url);
  // A sink for what the gateway publishes, so the relay is not fighting unroutable returns.
  const broker = await connect(TEST_AMQP_URL);
  const channel = await broker.createChannel();
  const { queue } = await channel.assertQueue('', {
    exclusive: true,
    arguments: { 'x-max-length': 1 },
  });
  await channel.bindQueue(queue, 'toevlucht.commands', '#');
  await channel.bindQueue(queue, 'toevlucht.events', 'registration.#');

  const gatewayPort = await freePort();
  const barePort = await freePort();
  const gateway = new ServiceProcess({
    root,
    entry: 'dist/services/registration/src/main.js',
    env: {
      NODE_ENV: 'test',
      PORT: String(gatewayPort),
      DATABASE_URL: gatewayDb.url,
      LOG_LEVEL: 'warn',
      RETENTION_CHECK_INTERVAL_MS: '0',
      ...issuer.env(),
    },
  });
  const bare = new ServiceProcess({
    root,
    entry: 'dist/bench/bare-gateway.js',
    env: { PORT: String(barePort), DATABASE_URL: bareDb.url },
  });
  const figures: Figures[] = [];
  try {
    await waitForStatus(`http://127.0.0.1:${gatewayPort}/health/ready`, 200, 60_000);
    await waitFor(
      'the bare endpoint',
      () => Promise.resolve(bare.stdout.includes('ready') ? true : undefined),
      30_000,
    );
    const token = await issuer.mint({
      roles: ['agii-medewerker'],
      sub: 'bench',
      ttlSeconds: 3_600,
    });
    // Warm-up: JIT, pools, the JWKS cache.
    await load('gateway', `http://127.0.0.1:${gatewayPort}/api/v1/dossiers`, token, 100);
    await load('bare', `http://127.0.0.1:${barePort}/dossiers`, undefined, 100);
    for (const rate of RATES) {
      figures.push(await load('bare', `http://127.0.0.1:${barePort}/dossiers`, undefined, rate));
      figures.push(
        await load('gateway', `http://127.0.0.1:${gatewayPort}/api/v1/dossiers`, token, rate),
      );
    }
  } finally {
    await gateway.stop();
    await bare.stop();
    await broker.close();
    await issuer.close();
    await gatewayDb.drop();
    await bareDb.drop();
  }
  const summary = RATES.map((rate) => {
    const b = figures.find((f) => f.target === 'bare' && f.rate === rate)!;
    const g = figures.find((f) => f.target === 'gateway' && f.rate === rate)!;
    return {
      rate,
      bare: b,
      gateway: g,
      throughputRatio: +(g.requestsPerSecond / b.requestsPerSecond).toFixed(2),
    };
  });
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), durationS: DURATION_S, connections: CONNECTIONS, baselines, summary }, null, 2)}\n\n`,
  );
  baselineSummary(baselines).forEach((line) => process.stdout.write(`${line}\n`));
  for (const row of summary) {
    process.stdout.write(
      `${String(row.rate).padEnd(5)} bare ${row.bare.requestsPerSecond}/s p50 ${row.bare.p50Ms} ms p99 ${row.bare.p99Ms} ms | gateway ${row.gateway.requestsPerSecond}/s p50 ${row.gateway.p50Ms} ms p99 ${row.gateway.p99Ms} ms (non-2xx ${row.gateway.non2xx}) | ratio ${row.throughputRatio}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:gateway failed: ${String(error)}\n`);
  process.exit(1);
});
