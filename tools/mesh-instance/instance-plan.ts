import type { ServiceDescriptor } from '@toevlucht/config';
import { childEnvironment } from '../start-mesh/launch-plan';

/**
 * Where every process of an isolated mesh instance listens and what environment it gets: the
 * pure part of tools/mesh-instance, unit-tested. An instance is the whole mesh (services,
 * partner simulators, token issuer) shifted to its own ports, RabbitMQ vhost and databases, so
 * several can run beside `npm start` and beside each other on one machine.
 */

export type SimulatorName = 'magda' | 'davinci' | 'orafin-sftp';

export const SIMULATOR_NAMES: readonly SimulatorName[] = ['magda', 'davinci', 'orafin-sftp'];

/** The first port of the development layout; every port is moved by portBase − this. */
const DEFAULT_PORT_BASE = 3000;
/** Replica k > 0 of a service listens this far times k above the first. */
const REPLICA_PORT_STEP = 100;

export interface InstancePlanOptions {
  readonly name: string;
  readonly portBase: number;
  readonly replicas?: Partial<Record<string, number>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly serviceEnv?: Partial<Record<string, NodeJS.ProcessEnv>>;
  readonly simulatorEnv?: Partial<Record<SimulatorName, NodeJS.ProcessEnv>>;
  /** The database server and role (`POSTGRES_URL`, without a database). */
  readonly postgresServerUrl: string;
  /** The broker without a vhost, e.g. amqp://guest:guest@127.0.0.1:5672. */
  readonly amqpServerUrl: string;
  /** The environment the processes inherit (PATH and the like). */
  readonly baseEnv: NodeJS.ProcessEnv;
}

/** One process of the instance: a service replica or a simulator. */
export interface PlannedProcess {
  /** `registration`, `registration#1` (second replica), `sim-magda`. */
  readonly key: string;
  readonly kind: 'service' | 'simulator';
  /** The service or simulator name. */
  readonly name: string;
  readonly replica: number;
  /** The port whose readiness (services: /health/ready, simulators: an open port) is awaited. */
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
}

export function vhostOf(name: string): string {
  return `toevlucht-${name}`;
}

export function databaseOf(name: string, service: ServiceDescriptor): string | null {
  return service.database === null ? null : `${name.replaceAll('-', '_')}_${service.database}`;
}

export function servicePort(portBase: number, service: ServiceDescriptor, replica = 0): number {
  return portBase + (service.defaultPort - DEFAULT_PORT_BASE) + REPLICA_PORT_STEP * replica;
}

/** Simulator ports: MAGDA +20, DAVINCI +21, Orafin SFTP +22 and its admin +23. */
export function simulatorPorts(portBase: number): {
  magda: number;
  davinci: number;
  orafinSftp: number;
  orafinAdmin: number;
} {
  return {
    magda: portBase + 20,
    davinci: portBase + 21,
    orafinSftp: portBase + 22,
    orafinAdmin: portBase + 23,
  };
}

export function issuerPort(portBase: number): number {
  return portBase + 90;
}

export function processKey(name: string, replica = 0): string {
  return replica === 0 ? name : `${name}#${replica}`;
}

export function amqpUrlOf(amqpServerUrl: string, name: string): string {
  return `${amqpServerUrl.replace(/\/+$/, '')}/${encodeURIComponent(vhostOf(name))}`;
}

/**
 * What every service of an instance is told, before the caller's `env` and `serviceEnv`:
 * partners are the instance's simulators, tokens come from its issuer, and the Orafin
 * adapter works on a short cadence (files cut, sent and answered within seconds instead of a
 * minute) because an instance exists to watch whole flows finish. MAGDA's made-up test numbers
 * (month + 60) are accepted, since the instance's national register is the simulator.
 */
function partnerEnv(portBase: number): NodeJS.ProcessEnv {
  const sim = simulatorPorts(portBase);
  const magda = `http://127.0.0.1:${sim.magda}`;
  return {
    MAGDA_GEEFPERSOON_URL: `${magda}/GeefPersoonDienst-02.02/soap/WebService`,
    MAGDA_REGISTREER_URL: `${magda}/RegistreerInschrijvingDienst-02.01/soap/WebService`,
    MAGDA_UITSCHRIJVING_URL: `${magda}/RegistreerUitschrijvingDienst-02.01/soap/WebService`,
    MAGDA_HISTORIEK_URL: `${magda}/GeefHistoriekInschrijvingDienst-02.01/soap/WebService`,
    DAVINCI_BASE_URL: `http://127.0.0.1:${sim.davinci}`,
    ORAFIN_SFTP_HOST: '127.0.0.1',
    ORAFIN_SFTP_PORT: String(sim.orafinSftp),
    ORAFIN_BATCH_MAX_WAIT_MS: '1000',
    ORAFIN_UPLOAD_INTERVAL_MS: '1000',
    ORAFIN_ANSWER_POLL_INTERVAL_MS: '1000',
    ORAFIN_RETRY_MAX_DELAY_MS: '5000',
    ACCEPT_MAGDA_TEST_NUMBERS: 'true',
  };
}

function simulatorEnv(
  name: SimulatorName,
  portBase: number,
  base: NodeJS.ProcessEnv,
  extra: NodeJS.ProcessEnv | undefined,
): NodeJS.ProcessEnv {
  const sim = simulatorPorts(portBase);
  const env: NodeJS.ProcessEnv = { ...base };
  delete env['NODE_OPTIONS'];
  delete env['PORT'];
  const ports: Record<SimulatorName, NodeJS.ProcessEnv> = {
    magda: { MAGDA_SIMULATOR_PORT: String(sim.magda) },
    davinci: { DAVINCI_SIM_PORT: String(sim.davinci) },
    // Payments are confirmed a second after the file is taken in (the default is 5 s).
    'orafin-sftp': {
      ORAFIN_SIM_SFTP_PORT: String(sim.orafinSftp),
      ORAFIN_SIM_ADMIN_PORT: String(sim.orafinAdmin),
      ORAFIN_SIM_BET_FILE_DELAY_MS: '1000',
    },
  };
  return { ...env, ...ports[name], ...extra };
}

/** Every process of the instance, simulators first (the adapters talk to them at once). */
export function planInstance(
  services: readonly ServiceDescriptor[],
  options: InstancePlanOptions,
  securityEnv: NodeJS.ProcessEnv,
): PlannedProcess[] {
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(options.name))
    throw new Error(`instance name must be lower-case letters, digits and dashes: ${options.name}`);
  const simulators: PlannedProcess[] = SIMULATOR_NAMES.map((name) => ({
    key: `sim-${name}`,
    kind: 'simulator',
    name,
    replica: 0,
    port:
      name === 'orafin-sftp'
        ? simulatorPorts(options.portBase).orafinAdmin
        : simulatorPorts(options.portBase)[name],
    env: simulatorEnv(name, options.portBase, options.baseEnv, options.simulatorEnv?.[name]),
  }));
  const replicas = services.flatMap((service) => {
    const count = options.replicas?.[service.name] ?? 1;
    return Array.from({ length: count }, (_, replica) => ({ service, replica }));
  });
  const amqpUrl = amqpUrlOf(options.amqpServerUrl, options.name);
  return [
    ...simulators,
    ...replicas.map(({ service, replica }): PlannedProcess => {
      const database = databaseOf(options.name, service);
      const base = childEnvironment(
        { ...service, database },
        { ...options.baseEnv, POSTGRES_URL: options.postgresServerUrl },
      );
      const port = servicePort(options.portBase, service, replica);
      return {
        key: processKey(service.name, replica),
        kind: 'service',
        name: service.name,
        replica,
        port,
        env: {
          ...base,
          ...partnerEnv(options.portBase),
          ...securityEnv,
          ...options.env,
          ...options.serviceEnv?.[service.name],
          PORT: String(port),
          AMQP_URL: amqpUrl,
        },
      };
    }),
  ];
}
