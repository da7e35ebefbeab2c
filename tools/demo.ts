import { devDefaults } from '@toevlucht/security';
import { fail, option } from './cli-options';
import { MeshInstance } from './mesh-instance/mesh-instance';
import {
  call,
  claimableNowEnv,
  issuerTokens,
  MissionClient,
  type MissionEndpoints,
  MUNICIPALITIES,
  type Municipality,
  PERSON_NUMBER_SPACE,
  periodOf,
  runMission,
  storyLine,
  type TokenSource,
} from './mission';

const USAGE = `usage: npm run demo [-- --households <n>] [--port-base <port>]

Drives the mission through the gateway and tells what happens: households registered, identities
verified, school and Dutch courses looked up, housing offered and validated, households placed,
the municipality's claim calculated, approved (four eyes) and paid through Orafin.
Uses the mesh of \`npm start\` when one answers on the default ports; otherwise starts its own
(name demo, on --port-base, default 3000) and stops it at the end.`;

const DEFAULT_PORTS = { registration: 3000, housing: 3001, subsidy: 3002 };

/**
 * `npm run demo`: the scripted scenario of issue 9 as a story on stdout (ids, counts, statuses
 * and amounts; never names or INSZ). Exit 0 only when the whole story completed.
 */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) return fail(USAGE, 0);
  const households = Number(option(argv, '--households') ?? 3);
  const portBase = Number(option(argv, '--port-base') ?? 3000);
  if (!Number.isInteger(households) || households < 1 || households > 1_000)
    return fail(`--households must be 1 to 1000\n${USAGE}`, 64);

  let instance: MeshInstance | undefined;
  let endpoints: MissionEndpoints;
  let tokens: TokenSource;
  let firstPerson = 0;
  const running = await meshRunning(DEFAULT_PORTS.registration);
  if (running) {
    say('Using the mesh already running on the default ports (npm start).');
    endpoints = {
      registration: `http://127.0.0.1:${DEFAULT_PORTS.registration}`,
      housing: `http://127.0.0.1:${DEFAULT_PORTS.housing}`,
      subsidy: `http://127.0.0.1:${DEFAULT_PORTS.subsidy}`,
    };
    tokens = issuerTokens(process.env['DEV_ISSUER_URL'] ?? devDefaults.DEV_ISSUER_URL);
    // Its databases remember earlier runs: new people each time (one INSZ, one open dossier).
    firstPerson = Math.floor(Date.now() / 1_000) % PERSON_NUMBER_SPACE;
  } else {
    say(`No mesh on the default ports: starting one (name demo, ports from ${portBase})…`);
    const started = Date.now();
    instance = await MeshInstance.start({
      name: 'demo',
      portBase,
      serviceEnv: { subsidy: claimableNowEnv() },
    });
    say(
      `Mesh up in ${((Date.now() - started) / 1000).toFixed(1)} s: gateway ${instance.gatewayUrl}, logs in ${instance.logDir}`,
    );
    endpoints = {
      registration: instance.gatewayUrl,
      housing: instance.url('housing'),
      subsidy: instance.url('subsidy'),
    };
    const mesh = instance;
    tokens = (role, claims) => mesh.token(role, claims);
    // Ctrl-C: take the demo's mesh down with us rather than leave it running.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        say(`\n${signal}: stopping the demo mesh…`);
        void mesh.destroy().finally(() => process.exit(130));
      });
    }
  }

  try {
    const client = new MissionClient(endpoints, tokens);
    const period = periodOf(new Date());
    const municipality = running
      ? await unclaimedMunicipality(endpoints, tokens, period)
      : MUNICIPALITIES[0]!;
    say('');
    say(
      `The mission: ${households} household${households === 1 ? '' : 's'} received in ${municipality.name}, claim for ${period}`,
    );
    say('');
    const report = await runMission(
      client,
      { households, municipality, firstPerson, concurrency: 4, period },
      (event) => say(`  ${storyLine(event)}`),
    );
    const placed = report.households.filter((h) => h.placement !== undefined).length;
    say('');
    say(
      `${placed} of ${households} household${households === 1 ? '' : 's'} placed; ` +
        (report.paid !== undefined
          ? `claim ${report.paid.claimId} paid (reference ${report.paid.paymentReference ?? '?'})`
          : `the claim did not complete: ${report.claimFailure ?? '?'}`) +
        ` — ${(report.durationsMs.total / 1000).toFixed(1)} s`,
    );
    if (report.claimFailure?.includes('CLAIM.PERIOD_NOT_ENDED') === true) {
      say(
        `Subsidy claims a month once it has ended. To claim ${period} now, start the mesh with ` +
          `SUBSIDY_CLOCK_OFFSET_DAYS=${claimableNowEnv().SUBSIDY_CLOCK_OFFSET_DAYS} npm start (docs/subsidy.md).`,
      );
    }
    return placed === households && report.paid !== undefined ? 0 : 1;
  } finally {
    if (instance !== undefined) {
      say('Stopping the demo mesh…');
      await instance.destroy();
    }
  }
}

async function meshRunning(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** A running mesh remembers earlier demos: pick a municipality that has no claim for the month yet. */
async function unclaimedMunicipality(
  endpoints: MissionEndpoints,
  tokens: TokenSource,
  period: string,
): Promise<Municipality> {
  const validator = await tokens('centrale-validator', { sub: 'mission-centrale-validator' });
  for (const municipality of MUNICIPALITIES) {
    const claims = await call<{ total: number }>(
      'list claims',
      'GET',
      `${endpoints.subsidy}/api/v1/claims?nisCode=${municipality.nisCode}&period=${period}`,
      validator,
    );
    if (claims.body.total === 0) return municipality;
  }
  return MUNICIPALITIES[0]!;
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
