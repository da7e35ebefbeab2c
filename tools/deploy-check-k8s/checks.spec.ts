import { runChecks } from './checks';
import type { Manifest } from './manifest';
import type { MeshFacts, ServiceFacts } from './service-facts';

/*
 * A small mesh that passes every check: one stateful service and one adapter. Each test breaks
 * one thing and expects exactly the problem that names it, so every check is seen to fail.
 */
const service: ServiceFacts = {
  name: 'ledger',
  port: 3100,
  stateful: true,
  adapter: false,
  variables: new Set([
    'NODE_ENV',
    'PORT',
    'AMQP_URL',
    'DATABASE_URL',
    'SHUTDOWN_GRACE_MS',
    'HEALTH_CHECK_TIMEOUT_MS',
  ]),
  workQueues: ['ledger'],
};
const adapter: ServiceFacts = {
  name: 'bank-adapter',
  port: 3110,
  stateful: false,
  adapter: true,
  variables: new Set(['NODE_ENV', 'AMQP_URL', 'BANK_BREAKER_MAX_CONCURRENT']),
  workQueues: ['bank-adapter'],
};
const facts: MeshFacts = {
  services: [service, adapter],
  httpPaths: new Set(['/health/live', '/health/ready', '/metrics']),
};

type Mutable = Record<string, unknown>;

/** The object at a dotted path (`spec.template.0`), for breaking the fixture in one place. */
function at(tree: unknown, path: string): Mutable {
  let current = tree;
  for (const key of path.split('.')) current = (current as Mutable)[key];
  if (current === null || typeof current !== 'object') throw new Error(`fixture has no ${path}`);
  return current as Mutable;
}
function set(tree: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  (keys.length === 0 ? (tree as Mutable) : at(tree, keys.join('.')))[last] = value;
}
function remove(tree: unknown, path: string): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  delete (keys.length === 0 ? (tree as Mutable) : at(tree, keys.join('.')))[last];
}

function deployment(
  name: string,
  port: number,
  extra: { replicas?: number; db: boolean },
): Mutable {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      ...(extra.replicas === undefined ? {} : { replicas: extra.replicas }),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: {
            app: name,
            'egress-rabbitmq': 'true',
            ...(extra.db ? { 'egress-pg': 'true' } : {}),
          },
        },
        spec: {
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true },
          containers: [
            {
              name,
              image: `registry.example/toevlucht/${name}:1.0`,
              ports: [{ name: 'http', containerPort: port }],
              envFrom: [{ configMapRef: { name: `${name}-config` } }],
              env: [
                {
                  name: 'AMQP_URL',
                  valueFrom: { secretKeyRef: { name: `${name}-secrets`, key: 'AMQP_URL' } },
                },
              ],
              startupProbe: { httpGet: { path: '/health/live', port: 'http' } },
              livenessProbe: { httpGet: { path: '/health/live', port: 'http' } },
              readinessProbe: {
                httpGet: { path: '/health/ready', port: 'http' },
                timeoutSeconds: 3,
              },
              resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

const object = (apiVersion: string, kind: string, name: string, rest: Mutable = {}): Mutable => ({
  apiVersion,
  kind,
  metadata: { name },
  ...rest,
});

function goodMesh(): Mutable[] {
  const egress = (podLabel: Mutable, ports: number[], cidr = '192.0.2.1/32') => ({
    spec: {
      podSelector: { matchLabels: podLabel },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr } }], ports: ports.map((port) => ({ port })) }],
    },
  });
  return [
    deployment('ledger', 3100, { replicas: 2, db: true }),
    deployment('bank-adapter', 3110, { db: false }),
    object('v1', 'ConfigMap', 'ledger-config', {
      data: { NODE_ENV: 'production', SHUTDOWN_GRACE_MS: '20000', HEALTH_CHECK_TIMEOUT_MS: '2000' },
    }),
    object('v1', 'ConfigMap', 'bank-adapter-config', {
      data: { NODE_ENV: 'production', BANK_BREAKER_MAX_CONCURRENT: '10' },
    }),
    object('v1', 'Secret', 'ledger-secrets', { data: { AMQP_URL: 'YW1xcDovL3g=' } }),
    object('v1', 'Secret', 'bank-adapter-secrets', { data: { AMQP_URL: 'YW1xcDovL3g=' } }),
    ...['ledger', 'bank-adapter'].flatMap((name) => [
      object('v1', 'Service', name, {
        spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      }),
      object('policy/v1', 'PodDisruptionBudget', name, {
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: name } } },
      }),
    ]),
    object('networking.k8s.io/v1', 'NetworkPolicy', 'default-deny', {
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    }),
    object('networking.k8s.io/v1', 'NetworkPolicy', 'dns', egress({}, [53])),
    object(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      'broker',
      egress({ 'egress-rabbitmq': 'true' }, [5671]),
    ),
    object(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      'database',
      egress({ 'egress-pg': 'true' }, [5432]),
    ),
    object('networking.k8s.io/v1', 'NetworkPolicy', 'bank', egress({ app: 'bank-adapter' }, [443])),
    object('keda.sh/v1alpha1', 'TriggerAuthentication', 'rabbitmq-management', {
      spec: { secretTargetRef: [{ parameter: 'host', name: 'keda', key: 'host' }] },
    }),
    {
      ...object('keda.sh/v1alpha1', 'ScaledObject', 'bank-adapter', {
        spec: {
          scaleTargetRef: { name: 'bank-adapter' },
          minReplicaCount: 1,
          maxReplicaCount: 3,
          triggers: [
            {
              type: 'rabbitmq',
              authenticationRef: { name: 'rabbitmq-management' },
              metadata: {
                protocol: 'http',
                mode: 'QueueLength',
                value: '40',
                queueName: 'bank-adapter',
              },
            },
          ],
        },
      }),
      metadata: {
        name: 'bank-adapter',
        annotations: {
          'toevlucht.eu/partner-concurrency-quota': '30',
          'toevlucht.eu/breakers': 'BANK',
        },
      },
    },
  ];
}

function problemsAfter(change: (mesh: Mutable[]) => void): string[] {
  const mesh = goodMesh();
  change(mesh);
  return runChecks({ manifests: mesh as unknown as Manifest[], facts });
}

const find = (mesh: Mutable[], kind: string, name: string): Mutable => {
  const found = mesh.find((m) => m['kind'] === kind && at(m, 'metadata')['name'] === name);
  if (found === undefined) throw new Error(`fixture has no ${kind} ${name}`);
  return found;
};
const container = (mesh: Mutable[], name: string): Mutable =>
  at(find(mesh, 'Deployment', name), 'spec.template.spec.containers.0');

describe('the consistency checks', () => {
  it('pass on a mesh that follows every rule', () => {
    expect(problemsAfter(() => undefined)).toEqual([]);
  });

  it.each<[string, (mesh: Mutable[]) => void, string | string[]]>([
    [
      'a catalogue service without a Deployment',
      (mesh) => mesh.splice(mesh.indexOf(find(mesh, 'Deployment', 'ledger')), 1),
      '[catalogue] ledger: no Deployment',
    ],
    [
      'a Deployment of no known service',
      (mesh) => mesh.push(deployment('ghost', 1, { db: false })),
      '[catalogue] Deployment/ghost: no such service in tools/service-catalog.ts',
    ],
    [
      "another service's image",
      (mesh) => set(container(mesh, 'ledger'), 'image', 'toevlucht/bank-adapter:1'),
      '[catalogue] Deployment/ledger: image toevlucht/bank-adapter:1 is not toevlucht/ledger',
    ],
    [
      'a port the service does not listen on',
      (mesh) => set(container(mesh, 'ledger'), 'ports.0.containerPort', 8080),
      '[ports] Deployment/ledger: containerPort 8080, but ledger listens on 3100',
    ],
    [
      'a PORT the container port does not follow',
      (mesh) =>
        (at(container(mesh, 'ledger'), 'env') as unknown as Mutable[]).push({
          name: 'PORT',
          value: '3999',
        }),
      '[ports] Deployment/ledger: containerPort 3100, but ledger listens on 3999',
    ],
    [
      'a Service that selects other pods',
      (mesh) => set(find(mesh, 'Service', 'ledger'), 'spec.selector', { app: 'nope' }),
      '[ports] Service/ledger: its selector does not match the pods of ledger',
    ],
    [
      'a probe on a path nobody serves',
      (mesh) => set(container(mesh, 'ledger'), 'startupProbe.httpGet.path', '/healthz'),
      '[probes] Deployment/ledger: startupProbe path /healthz is not served (libs/observability)',
    ],
    [
      'readiness asking liveness',
      (mesh) => set(container(mesh, 'ledger'), 'readinessProbe.httpGet.path', '/health/live'),
      '[probes] Deployment/ledger: readinessProbe must ask /health/ready, not /health/live',
    ],
    [
      'no liveness probe',
      (mesh) => remove(container(mesh, 'ledger'), 'livenessProbe'),
      '[probes] Deployment/ledger: no livenessProbe over HTTP',
    ],
    [
      'a readiness timeout shorter than the health check',
      (mesh) => set(container(mesh, 'ledger'), 'readinessProbe.timeoutSeconds', 2),
      '[probes] Deployment/ledger: readinessProbe timeout 2s is not above HEALTH_CHECK_TIMEOUT_MS 2000',
    ],
    [
      'a variable the service does not read',
      (mesh) => set(find(mesh, 'ConfigMap', 'ledger-config'), 'data.RETENTION_DAYS', '30'),
      '[environment] Deployment/ledger: RETENTION_DAYS (from ConfigMap ledger-config) is not read by ledger',
    ],
    [
      'a ConfigMap that is not there',
      (mesh) => mesh.splice(mesh.indexOf(find(mesh, 'ConfigMap', 'ledger-config')), 1),
      '[environment] Deployment/ledger: ConfigMap ledger-config does not exist',
    ],
    [
      'a secret key that is not there',
      (mesh) => set(find(mesh, 'Secret', 'ledger-secrets'), 'data', {}),
      '[environment] Deployment/ledger: Secret ledger-secrets key AMQP_URL does not exist',
    ],
    [
      'a writable root filesystem',
      (mesh) => set(container(mesh, 'ledger'), 'securityContext.readOnlyRootFilesystem', false),
      '[securityContext] Deployment/ledger: root filesystem is writable',
    ],
    [
      'capabilities kept',
      (mesh) => set(container(mesh, 'ledger'), 'securityContext.capabilities.drop', ['NET_RAW']),
      '[securityContext] Deployment/ledger: capabilities not all dropped',
    ],
    [
      'privilege escalation',
      (mesh) => remove(container(mesh, 'ledger'), 'securityContext.allowPrivilegeEscalation'),
      '[securityContext] Deployment/ledger: privilege escalation allowed',
    ],
    [
      'root allowed',
      (mesh) => set(find(mesh, 'Deployment', 'ledger'), 'spec.template.spec.securityContext', {}),
      '[securityContext] Deployment/ledger: runAsNonRoot is not set',
    ],
    [
      'a grace period shorter than the shutdown grace',
      (mesh) =>
        set(
          find(mesh, 'Deployment', 'ledger'),
          'spec.template.spec.terminationGracePeriodSeconds',
          20,
        ),
      '[gracePeriod] Deployment/ledger: terminationGracePeriodSeconds 20 < SHUTDOWN_GRACE_MS 20000 ms + 5 s',
    ],
    [
      'no memory limit',
      (mesh) => remove(container(mesh, 'ledger'), 'resources.limits'),
      '[resources] Deployment/ledger: no memory limits',
    ],
    [
      'no disruption budget',
      (mesh) => mesh.splice(mesh.indexOf(find(mesh, 'PodDisruptionBudget', 'ledger')), 1),
      '[disruptionBudgets] Deployment/ledger: no PodDisruptionBudget selects its pods',
    ],
    [
      'no default deny',
      (mesh) => mesh.splice(mesh.indexOf(find(mesh, 'NetworkPolicy', 'default-deny')), 1),
      '[networkPolicies] no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)',
    ],
    [
      'a stateful service cut off from its database',
      (mesh) =>
        remove(find(mesh, 'Deployment', 'ledger'), 'spec.template.metadata.labels.egress-pg'),
      '[networkPolicies] Deployment/ledger: may not reach PostgreSQL',
    ],
    [
      'a service that may reach a partner',
      (mesh) => set(find(mesh, 'NetworkPolicy', 'bank'), 'spec.podSelector', {}),
      '[networkPolicies] Deployment/ledger: egress to 443, but only adapters talk to partners',
    ],
    [
      'an adapter without its ScaledObject',
      (mesh) => mesh.splice(mesh.indexOf(find(mesh, 'ScaledObject', 'bank-adapter')), 1),
      '[scaling] bank-adapter: no ScaledObject',
    ],
    [
      "a queue that is not the adapter's",
      (mesh) =>
        set(
          find(mesh, 'ScaledObject', 'bank-adapter'),
          'spec.triggers.0.metadata.queueName',
          'bank',
        ),
      [
        '[scaling] ScaledObject/bank-adapter: queue bank is not a work queue of bank-adapter (bank-adapter)',
        '[scaling] ScaledObject/bank-adapter: no trigger on work queue bank-adapter',
      ],
    ],
    [
      'queue depth read over AMQP',
      (mesh) =>
        set(
          find(mesh, 'ScaledObject', 'bank-adapter'),
          'spec.triggers.0.metadata.protocol',
          'amqp',
        ),
      '[scaling] ScaledObject/bank-adapter: trigger must use protocol http',
    ],
    [
      'a missing TriggerAuthentication',
      (mesh) =>
        mesh.splice(mesh.indexOf(find(mesh, 'TriggerAuthentication', 'rabbitmq-management')), 1),
      "[scaling] ScaledObject/bank-adapter: trigger's TriggerAuthentication rabbitmq-management does not exist",
    ],
    [
      'replicas fixed on a scaled Deployment',
      (mesh) => set(find(mesh, 'Deployment', 'bank-adapter'), 'spec.replicas', 2),
      '[scaling] Deployment/bank-adapter: sets replicas, which its ScaledObject owns',
    ],
    [
      'scaling past the partner quota',
      (mesh) => set(find(mesh, 'ScaledObject', 'bank-adapter'), 'spec.maxReplicaCount', 4),
      "[scaling] ScaledObject/bank-adapter: 4 × 10 = 40 calls in flight exceed the partner's quota of 30",
    ],
    [
      'a breaker cap raised past the quota',
      (mesh) =>
        set(
          find(mesh, 'ConfigMap', 'bank-adapter-config'),
          'data.BANK_BREAKER_MAX_CONCURRENT',
          '11',
        ),
      "[scaling] ScaledObject/bank-adapter: 3 × 11 = 33 calls in flight exceed the partner's quota of 30",
    ],
    [
      'a breaker cap left to the code default',
      (mesh) =>
        remove(find(mesh, 'ConfigMap', 'bank-adapter-config'), 'data.BANK_BREAKER_MAX_CONCURRENT'),
      '[scaling] ScaledObject/bank-adapter: BANK_BREAKER_MAX_CONCURRENT must be set to a number',
    ],
  ])('find %s', (_what, change, problem) => {
    expect(problemsAfter(change)).toEqual(Array.isArray(problem) ? problem : [problem]);
  });

  it('count partner calls once when the adapter serialises them', () => {
    const problems = problemsAfter((mesh) => {
      const scaler = find(mesh, 'ScaledObject', 'bank-adapter');
      set(scaler, 'spec.maxReplicaCount', 10);
      at(scaler, 'metadata.annotations')['toevlucht.eu/partner-calls'] = 'serialised';
    });
    expect(problems).toEqual([]);
  });
});
