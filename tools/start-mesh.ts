import { existsSync } from 'node:fs';
import type { ServiceDescriptor } from '@toevlucht/config';
import { DevTokenIssuer, devDefaults } from '@toevlucht/security';
import { ensureLocalRole } from './postgres-role';
import { SERVICES } from './service-catalog';
import { ignoredVariables, selectServices, UsageError } from './start-mesh/launch-plan';
import { entryPoint, Mesh, serviceLaunchable } from './start-mesh/mesh';
import {
  SIMULATORS,
  simulatorLaunchable,
  withSimulatorDefaults,
  withSimulators,
} from './start-mesh/simulators';
import { waitUntilReady } from './start-mesh/readiness';
import { describeError, notReadyReport, readySummary } from './start-mesh/report';
import { complain, say } from './start-mesh/terminal';

/**
 * `npm start` (`-- --only a,b` for a subset): runs the mesh from dist/, one child process per
 * service, with prefixed readable logs, and says where everything is once all are ready.
 * Ctrl-C stops all gracefully, a second one kills them; a service that dies on its own stops
 * the others, so nobody debugs a half-running mesh by accident.
 */
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 500;
// npm forwards the terminal's SIGINT to its child as well, so one Ctrl-C can arrive twice in a
// few milliseconds; only a later one is a person asking to kill.
const REPEATED_SIGNAL_MS = 500;

async function main(): Promise<void> {
  const services = selectServices(process.argv.slice(2), SERVICES);
  for (const name of ignoredVariables(process.env)) {
    complain(
      `warning: ${name} is set but ignored; one value would make all services collide ` +
        '(each uses its own port and database; POSTGRES_URL sets the database server)',
    );
  }
  await ensureRoleOrExit();
  assertBuilt(services);
  await startDevIssuerUnlessConfigured();

  const startedAt = Date.now();
  const simulators = withSimulators(services.length === SERVICES.length)
    ? SIMULATORS.map(simulatorLaunchable)
    : [];
  for (const simulator of simulators) {
    if (!existsSync(simulator.entry))
      throw new UsageError(`not built: ${simulator.entry}; run npm run build`);
  }
  const serviceEnv = simulators.length > 0 ? withSimulatorDefaults(process.env) : process.env;
  const mesh = new Mesh([
    ...simulators,
    ...services.map((service) => serviceLaunchable(service, serviceEnv)),
  ]);
  installSignalHandlers(mesh);
  const pending = await waitUntilReady(services, {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: READY_POLL_MS,
    cancelled: () => mesh.isStopping,
  });
  if (mesh.isStopping) return;
  if (pending.size === 0) {
    readySummary(services, Date.now() - startedAt).forEach(say);
    if (simulators.length > 0) {
      say(
        'Partner simulators (fault controls: see docs/soap-adapters.md, docs/finance-and-education-adapters.md):',
      );
      for (const simulator of SIMULATORS) for (const url of simulator.urls) say(`  ${url}`);
      say('');
    }
  } else notReadyReport(pending, READY_TIMEOUT_MS).forEach(complain);
}

/**
 * Outside production, and unless OIDC_ISSUER points elsewhere, the services trust the
 * development token issuer on 127.0.0.1:3090: run it inside the launcher, so `npm start` alone
 * gives a working gateway (`npm run token` mints tokens from it). One already running is used.
 */
async function startDevIssuerUnlessConfigured(): Promise<void> {
  if (process.env['NODE_ENV'] === 'production' || process.env['OIDC_ISSUER'] !== undefined) return;
  try {
    const issuer = await DevTokenIssuer.start({ port: devDefaults.DEV_ISSUER_PORT });
    say(`development token issuer (INSECURE, mints any role) at ${issuer.url}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      say(`development token issuer: using the one already on ${devDefaults.DEV_ISSUER_URL}`);
      return;
    }
    throw error;
  }
}

async function ensureRoleOrExit(): Promise<void> {
  // For servers whose roles are provisioned some other way (CI images, a shared server).
  if (process.env['POSTGRES_ADMIN_URL'] === 'none') return;
  try {
    await ensureLocalRole();
  } catch (error) {
    complain(`Could not set up the local PostgreSQL role: ${describeError(error)}`);
    complain('PostgreSQL must be running for the stateful services. Start it with:');
    complain('  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
    complain('(POSTGRES_ADMIN_URL=none skips this step when the role already exists.)');
    process.exit(1);
  }
}

/** `node dist/tools/start-mesh.js` after a partial build would otherwise report seven crashes. */
function assertBuilt(services: readonly ServiceDescriptor[]): void {
  const missing = services.filter((service) => !existsSync(entryPoint(service)));
  if (missing.length > 0) {
    throw new UsageError(
      `not built: ${missing.map((service) => entryPoint(service)).join(', ')}; run npm run build`,
    );
  }
}

function installSignalHandlers(mesh: Mesh): void {
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      say(`\n${signal}: stopping all services (Ctrl-C again to kill them)…`);
      void mesh.stop();
    } else if (Date.now() - firstSignalAt > REPEATED_SIGNAL_MS) {
      complain('Killing all services (SIGKILL).');
      mesh.signalAll('SIGKILL');
    }
  };
  // SIGHUP too: the services run in their own process group, so a closed terminal reaches
  // them only through us.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // Last resort when the launcher itself fails, for the same reason.
  process.on('exit', () => mesh.signalAll('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    complain(`start-mesh: ${error.message}`);
    process.exit(2);
  }
  complain(
    `npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
