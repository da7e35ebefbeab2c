import { identify, type Manifest } from './manifest';
import type { MeshFacts, ServiceFacts } from './service-facts';
import { splitImage } from './subset-kustomize';
import {
  containerEnvironment,
  field,
  fieldsAt,
  mainContainer,
  named,
  ofKind,
  podLabels,
  selects,
  valueOf,
  type Fields,
  type SetVariable,
} from './workloads';

/** What a check looks at: the rendered objects of one overlay and the facts from the code. */
export interface Subject {
  readonly manifests: readonly Manifest[];
  readonly facts: MeshFacts;
}

/** Per service, its Deployment, main container and environment, once found. */
interface Workload {
  readonly service: ServiceFacts;
  readonly deployment: Manifest;
  readonly container: Fields;
  readonly variables: readonly SetVariable[];
  readonly missing: readonly string[];
}

type Check = (subject: Subject, workloads: readonly Workload[]) => string[];

/** Seconds a pod needs after SIGTERM beyond SHUTDOWN_GRACE_MS to close connections and exit. */
export const SHUTDOWN_MARGIN_S = 5;
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 2_000;
const BROKER_PORTS = new Set([5671, 5672]);
const DATABASE_PORT = 5432;
const DNS_PORT = 53;

/** The catalogue and the Deployments name the same services, with the service's own image. */
const catalogue: Check = ({ manifests, facts }) => {
  const problems: string[] = [];
  for (const service of facts.services) {
    const deployment = named(manifests, 'Deployment', service.name);
    if (deployment === undefined) {
      problems.push(`${service.name}: no Deployment`);
      continue;
    }
    const image = field(mainContainer(deployment), 'image');
    const repository = typeof image === 'string' ? splitImage(image).repository : '';
    if (!repository.endsWith(`toevlucht/${service.name}`)) {
      problems.push(
        `${identify(deployment)}: image ${String(image)} is not toevlucht/${service.name}`,
      );
    }
  }
  for (const deployment of ofKind(manifests, 'Deployment')) {
    if (!facts.services.some((s) => s.name === deployment.metadata.name)) {
      problems.push(`${identify(deployment)}: no such service in tools/service-catalog.ts`);
    }
  }
  return problems;
};

/** The container listens where the service does, and a Service routes to it. */
const ports: Check = ({ manifests }, workloads) =>
  workloads.flatMap(({ service, deployment, container, variables }) => {
    const listens = Number(valueOf(variables, 'PORT') ?? service.port);
    const http = fieldsAt(container, 'ports').find((p) => p['name'] === 'http');
    if (http === undefined) return [`${identify(deployment)}: no container port named http`];
    const problems: string[] = [];
    if (http['containerPort'] !== listens) {
      problems.push(
        `${identify(deployment)}: containerPort ${String(http['containerPort'])}, but ${service.name} listens on ${listens}`,
      );
    }
    const route = named(manifests, 'Service', service.name);
    if (route === undefined) return [...problems, `${service.name}: no Service`];
    if (!selects({ matchLabels: field(route, 'spec', 'selector') }, podLabels(deployment))) {
      problems.push(`${identify(route)}: its selector does not match the pods of ${service.name}`);
    }
    const targets = fieldsAt(route, 'spec', 'ports').map((p) => p['targetPort'] ?? p['port']);
    if (!targets.some((target) => target === 'http' || target === listens)) {
      problems.push(`${identify(route)}: no port targets the container's http port`);
    }
    return problems;
  });

/** Startup, liveness and readiness probes on paths the services answer. */
const probes: Check = ({ facts }, workloads) =>
  workloads.flatMap(({ deployment, container, variables }) => {
    const problems: string[] = [];
    const expected = {
      startupProbe: undefined,
      livenessProbe: '/health/live',
      readinessProbe: '/health/ready',
    } as const;
    for (const [probe, wanted] of Object.entries(expected)) {
      const path = field(container, probe, 'httpGet', 'path');
      if (typeof path !== 'string') {
        problems.push(`${identify(deployment)}: no ${probe} over HTTP`);
      } else if (!facts.httpPaths.has(path)) {
        problems.push(
          `${identify(deployment)}: ${probe} path ${path} is not served (libs/observability)`,
        );
      } else if (wanted !== undefined && path !== wanted) {
        problems.push(`${identify(deployment)}: ${probe} must ask ${wanted}, not ${path}`);
      }
    }
    const timeoutS = Number(field(container, 'readinessProbe', 'timeoutSeconds') ?? 1);
    const checkMs = Number(
      valueOf(variables, 'HEALTH_CHECK_TIMEOUT_MS') ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS,
    );
    if (timeoutS * 1000 <= checkMs) {
      problems.push(
        `${identify(deployment)}: readinessProbe timeout ${timeoutS}s is not above HEALTH_CHECK_TIMEOUT_MS ${checkMs}`,
      );
    }
    return problems;
  });

/** Every variable set is one the service reads, and every reference resolves. */
const environment: Check = (_subject, workloads) =>
  workloads.flatMap(({ service, deployment, variables, missing }) => [
    ...variables
      .filter((v) => !service.variables.has(v.name))
      .map(
        (v) => `${identify(deployment)}: ${v.name} (from ${v.from}) is not read by ${service.name}`,
      ),
    ...missing.map((reference) => `${identify(deployment)}: ${reference} does not exist`),
  ]);

/** Non-root, read-only root filesystem, no privilege escalation, no capabilities. */
const securityContext: Check = (_subject, workloads) =>
  workloads.flatMap(({ deployment, container }) => {
    const pod = field(deployment, 'spec', 'template', 'spec', 'securityContext');
    const own = field(container, 'securityContext');
    const problems: string[] = [];
    const at = identify(deployment);
    if (field(own, 'runAsNonRoot') !== true && field(pod, 'runAsNonRoot') !== true) {
      problems.push(`${at}: runAsNonRoot is not set`);
    }
    if (field(own, 'readOnlyRootFilesystem') !== true)
      problems.push(`${at}: root filesystem is writable`);
    if (field(own, 'allowPrivilegeEscalation') !== false)
      problems.push(`${at}: privilege escalation allowed`);
    if (field(own, 'privileged') === true) problems.push(`${at}: privileged`);
    const dropped = field(own, 'capabilities', 'drop');
    if (!Array.isArray(dropped) || !dropped.includes('ALL'))
      problems.push(`${at}: capabilities not all dropped`);
    return problems;
  });

/** Kubernetes waits long enough for the service's own graceful shutdown. */
const gracePeriod: Check = (_subject, workloads) =>
  workloads.flatMap(({ deployment, variables }) => {
    const graceS = Number(
      field(deployment, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds') ?? 30,
    );
    const shutdownMs = Number(valueOf(variables, 'SHUTDOWN_GRACE_MS') ?? DEFAULT_SHUTDOWN_GRACE_MS);
    return graceS < shutdownMs / 1000 + SHUTDOWN_MARGIN_S
      ? [
          `${identify(deployment)}: terminationGracePeriodSeconds ${graceS} < SHUTDOWN_GRACE_MS ${shutdownMs} ms + ${SHUTDOWN_MARGIN_S} s`,
        ]
      : [];
  });

/** Requests for scheduling, a memory limit against leaks. */
const resources: Check = (_subject, workloads) =>
  workloads.flatMap(({ deployment, container }) =>
    [
      ['requests', 'cpu'],
      ['requests', 'memory'],
      ['limits', 'memory'],
    ]
      .filter(([kind, resource]) => field(container, 'resources', kind!, resource!) === undefined)
      .map(([kind, resource]) => `${identify(deployment)}: no ${resource} ${kind}`),
  );

const disruptionBudgets: Check = ({ manifests }, workloads) =>
  workloads
    .filter(
      ({ deployment }) =>
        !ofKind(manifests, 'PodDisruptionBudget').some((budget) =>
          selects(field(budget, 'spec', 'selector'), podLabels(deployment)),
        ),
    )
    .map(({ deployment }) => `${identify(deployment)}: no PodDisruptionBudget selects its pods`);

/**
 * Default deny; then each service may reach DNS and the broker, the stateful ones the database,
 * and only the adapters anything else (their partner).
 */
const networkPolicies: Check = ({ manifests }, workloads) => {
  const policies = ofKind(manifests, 'NetworkPolicy');
  const problems: string[] = [];
  const denyAll = policies.some((policy) => {
    const selector = (field(policy, 'spec', 'podSelector') ?? {}) as Fields;
    const types = field(policy, 'spec', 'policyTypes');
    return (
      Object.keys(selector).length === 0 &&
      Array.isArray(types) &&
      types.includes('Ingress') &&
      types.includes('Egress') &&
      field(policy, 'spec', 'ingress') === undefined &&
      field(policy, 'spec', 'egress') === undefined
    );
  });
  if (!denyAll)
    problems.push(
      'no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)',
    );
  for (const { service, deployment } of workloads) {
    const labels = podLabels(deployment);
    const egressPorts = policies
      .filter((policy) => selects(field(policy, 'spec', 'podSelector'), labels))
      .flatMap((policy) => fieldsAt(policy, 'spec', 'egress'))
      .flatMap((rule) => {
        const listed = fieldsAt(rule, 'ports').map((p) => p['port']);
        return listed.length === 0 ? ['any'] : listed;
      });
    const at = identify(deployment);
    if (!egressPorts.some((port) => port === DNS_PORT)) problems.push(`${at}: may not reach DNS`);
    if (!egressPorts.some((port) => BROKER_PORTS.has(port as number))) {
      problems.push(`${at}: may not reach RabbitMQ`);
    }
    const database = egressPorts.some((port) => port === DATABASE_PORT);
    if (service.stateful && !database) problems.push(`${at}: may not reach PostgreSQL`);
    if (!service.stateful && database)
      problems.push(`${at}: may reach PostgreSQL without a database`);
    const other = egressPorts.filter(
      (port) => port !== DNS_PORT && port !== DATABASE_PORT && !BROKER_PORTS.has(port as number),
    );
    if (service.adapter && other.length === 0) problems.push(`${at}: may not reach its partner`);
    if (!service.adapter && other.length > 0) {
      problems.push(`${at}: egress to ${other.join(', ')}, but only adapters talk to partners`);
    }
  }
  return problems;
};

/**
 * Each adapter is scaled by KEDA on the depth of its own work queues, through the management
 * API, and never past its partner's concurrency quota:
 * (serialised ? 1 : maxReplicaCount) × Σ <PREFIX>_BREAKER_MAX_CONCURRENT ≤ quota.
 */
const scaling: Check = ({ manifests }, workloads) =>
  workloads
    .filter(({ service }) => service.adapter)
    .flatMap(({ service, deployment, variables }) => {
      const scaler = ofKind(manifests, 'ScaledObject').find(
        (s) => field(s, 'spec', 'scaleTargetRef', 'name') === service.name,
      );
      if (scaler === undefined) return [`${service.name}: no ScaledObject`];
      const at = identify(scaler);
      const problems: string[] = [];
      if (field(deployment, 'spec', 'replicas') !== undefined) {
        problems.push(`${identify(deployment)}: sets replicas, which its ScaledObject owns`);
      }
      const triggers = fieldsAt(scaler, 'spec', 'triggers');
      const scaledQueues = new Set<string>();
      for (const trigger of triggers) {
        const metadata = (trigger['metadata'] ?? {}) as Fields;
        if (trigger['type'] !== 'rabbitmq') {
          problems.push(`${at}: trigger ${String(trigger['type'])} is not rabbitmq`);
          continue;
        }
        if (metadata['protocol'] !== 'http') problems.push(`${at}: trigger must use protocol http`);
        if (metadata['mode'] !== 'QueueLength')
          problems.push(`${at}: trigger must use mode QueueLength`);
        const queue = String(metadata['queueName']);
        if (!service.workQueues.includes(queue)) {
          problems.push(
            `${at}: queue ${queue} is not a work queue of ${service.name} (${service.workQueues.join(', ')})`,
          );
        }
        scaledQueues.add(queue);
        const auth = field(trigger, 'authenticationRef', 'name');
        if (
          typeof auth !== 'string' ||
          named(manifests, 'TriggerAuthentication', auth) === undefined
        ) {
          problems.push(`${at}: trigger's TriggerAuthentication ${String(auth)} does not exist`);
        }
      }
      for (const queue of service.workQueues) {
        if (!scaledQueues.has(queue)) problems.push(`${at}: no trigger on work queue ${queue}`);
      }
      const min = Number(field(scaler, 'spec', 'minReplicaCount') ?? 0);
      if (min < 1) problems.push(`${at}: minReplicaCount must be at least 1`);
      return [...problems, ...partnerArithmetic(scaler, service, variables)];
    });

function partnerArithmetic(
  scaler: Manifest,
  service: ServiceFacts,
  variables: readonly SetVariable[],
): string[] {
  const at = identify(scaler);
  const annotations = scaler.metadata.annotations ?? {};
  const quota = Number(annotations['toevlucht.eu/partner-concurrency-quota']);
  const breakers = (annotations['toevlucht.eu/breakers'] ?? '').split(',').filter((b) => b !== '');
  const max = Number(field(scaler, 'spec', 'maxReplicaCount'));
  if (!Number.isInteger(quota) || quota < 1)
    return [`${at}: no partner-concurrency-quota annotation`];
  if (breakers.length === 0) return [`${at}: no breakers annotation`];
  if (!Number.isInteger(max)) return [`${at}: no maxReplicaCount`];
  const problems: string[] = [];
  let perReplica = 0;
  for (const prefix of breakers) {
    const variable = `${prefix}_BREAKER_MAX_CONCURRENT`;
    const value = Number(valueOf(variables, variable));
    if (!service.variables.has(variable))
      problems.push(`${at}: ${service.name} has no breaker ${prefix}`);
    else if (!Number.isInteger(value) || value < 1)
      problems.push(`${at}: ${variable} must be set to a number`);
    else perReplica += value;
  }
  if (problems.length > 0) return problems;
  const serialised = annotations['toevlucht.eu/partner-calls'] === 'serialised';
  const inFlight = (serialised ? 1 : max) * perReplica;
  return inFlight > quota
    ? [
        `${at}: ${serialised ? 1 : max} × ${perReplica} = ${inFlight} calls in flight exceed the partner's quota of ${quota}`,
      ]
    : [];
}

export const CHECKS: Readonly<Record<string, Check>> = {
  catalogue,
  ports,
  probes,
  environment,
  securityContext,
  gracePeriod,
  resources,
  disruptionBudgets,
  networkPolicies,
  scaling,
};

/** Every problem, prefixed with the check that found it. */
export function runChecks(subject: Subject): string[] {
  const workloads = subject.facts.services.flatMap((service): Workload[] => {
    const deployment = named(subject.manifests, 'Deployment', service.name);
    const container = deployment === undefined ? undefined : mainContainer(deployment);
    if (deployment === undefined || container === undefined) return [];
    return [
      { service, deployment, container, ...containerEnvironment(container, subject.manifests) },
    ];
  });
  return Object.entries(CHECKS).flatMap(([name, check]) =>
    check(subject, workloads).map((problem) => `[${name}] ${problem}`),
  );
}
