import type { ServiceDescriptor } from '@toevlucht/config';
import { brokerNeedsOf } from './broker-needs';
import {
  type BrokerDefinitions,
  brokerPermissionProblems,
  passwordMatches,
} from './broker-permissions';
import { consistencyProblems, type ConsistencyInput } from './compose-consistency';
import type { ComposeService } from './compose-file';
import { composeSchemaProblems, interpolationProblems } from './compose-schema';
import { dockerfileProblems } from './dockerfile-rules';

// Hash of 'secret' with salt 01020304, as rabbitmqctl hash_password would write it.
const SECRET_HASH = 'AQIDBDB9kM21iEUzN1lZ+6VReCsdNqS0sERdAQTcY6Xs3PMz';

const GOOD_DOCKERFILE = `ARG NODE_IMAGE=node:24.1.0-slim
FROM \${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM \${NODE_IMAGE}
WORKDIR /app
COPY --from=build /app/dist ./dist
RUN npm ci --omit=dev
USER node
HEALTHCHECK CMD ["node", "-e", "process.exit(0)"]
CMD ["node", "dist/main.js"]
`;

describe('Dockerfile rules', () => {
  it('pass a pinned, non-root, production-only image with a healthcheck', () => {
    expect(dockerfileProblems(GOOD_DOCKERFILE)).toEqual([]);
  });

  it.each([
    ['an unpinned base', GOOD_DOCKERFILE.replace('node:24.1.0-slim', 'node:latest'), /not pinned/],
    ['a base without tag', GOOD_DOCKERFILE.replace('node:24.1.0-slim', 'node'), /not pinned/],
    ['root at run time', GOOD_DOCKERFILE.replace('USER node', 'USER root'), /other than root/],
    ['no USER', GOOD_DOCKERFILE.replace('USER node\n', ''), /other than root/],
    ['no HEALTHCHECK', GOOD_DOCKERFILE.replace(/HEALTHCHECK.*\n/, ''), /no HEALTHCHECK/],
    [
      'a shell-form CMD',
      GOOD_DOCKERFILE.replace(/CMD \[.*\]\n$/, 'CMD node dist/main.js\n'),
      /exec form/,
    ],
    [
      'dev dependencies',
      GOOD_DOCKERFILE.replace('npm ci --omit=dev', 'npm ci'),
      /production dependencies/,
    ],
    [
      'a secret in ENV',
      GOOD_DOCKERFILE.replace('USER node', 'ENV DB_PASSWORD=hunter2\nUSER node'),
      /DB_PASSWORD would keep a secret/,
    ],
    ['ADD', GOOD_DOCKERFILE.replace('COPY . .', 'ADD . .'), /use COPY, not ADD/],
    [
      'a syntax error',
      GOOD_DOCKERFILE.replace('WORKDIR /app\nCOPY --from', 'WORKDIR app\nCOPY --from'),
      /line 8/,
    ],
  ])('fail on %s', (_, dockerfile, expected) => {
    expect(dockerfileProblems(dockerfile).join('\n')).toMatch(expected);
  });
});

describe('compose schema and interpolation', () => {
  const minimal = { services: { web: { image: 'nginx:1.27', ports: ['8080:80'] } } };

  it('accept a conforming document', () => {
    expect(composeSchemaProblems(minimal)).toEqual([]);
  });

  it('name a key the specification does not know', () => {
    const problems = composeSchemaProblems({
      services: { web: { image: 'nginx:1.27', restart_policy: 'always' } },
    });
    expect(problems.join('\n')).toMatch(/\/services\/web must NOT have additional properties/);
  });

  it('name a healthcheck interval that is no duration', () => {
    const problems = composeSchemaProblems({
      services: {
        web: { image: 'nginx:1.27', healthcheck: { test: ['CMD', 'true'], interval: 'often' } },
      },
    });
    expect(problems.join('\n')).toMatch(/healthcheck\/interval must match format "duration"/);
  });

  it('let an escaped dollar through and refuse interpolation from the caller’s shell', () => {
    expect(interpolationProblems("test: 'fetch(`http://x:$${process.env.PORT}`)'")).toEqual([]);
    expect(interpolationProblems('test: fetch(`http://x:${process.env.PORT}`)')[0]).toMatch(
      /not a Compose interpolation/,
    );
    expect(interpolationProblems('image: app:${TAG}')[0]).toMatch(
      /environment of whoever runs compose/,
    );
    expect(interpolationProblems('# ${ignored in comments}')).toEqual([]);
  });
});

const SERVICE: ServiceDescriptor = {
  name: 'shelter',
  defaultPort: 3100,
  database: 'toevlucht_shelter',
};
const OTHER: ServiceDescriptor = { name: 'courier', defaultPort: 3101, database: null };

function definitions(
  overrides: Partial<Record<'configure' | 'write' | 'read', string>> = {},
): BrokerDefinitions {
  return {
    vhosts: [{ name: 'toevlucht' }],
    users: [
      {
        name: 'shelter',
        password_hash: SECRET_HASH,
        hashing_algorithm: 'rabbit_password_hashing_sha256',
        tags: [],
      },
      {
        name: 'courier',
        password_hash: SECRET_HASH,
        hashing_algorithm: 'rabbit_password_hashing_sha256',
        tags: [],
      },
    ],
    permissions: [
      {
        user: 'shelter',
        vhost: 'toevlucht',
        configure: '^(toevlucht\\.events|toevlucht\\.commands|shelter(\\..+)?)$',
        write: '^(amq\\.default|toevlucht\\.events|shelter(\\..+)?)$',
        read: '^(toevlucht\\.commands|shelter(\\..+)?)$',
        ...overrides,
      },
      {
        user: 'courier',
        vhost: 'toevlucht',
        configure: '^(toevlucht\\.events|toevlucht\\.commands|courier(\\..+)?)$',
        write: '^(amq\\.default|toevlucht\\.commands|courier(\\..+)?)$',
        read: '^(toevlucht\\.events|courier(\\..+)?)$',
      },
    ],
    exchanges: [
      { name: 'toevlucht.events', vhost: 'toevlucht', type: 'topic', durable: true },
      { name: 'toevlucht.commands', vhost: 'toevlucht', type: 'topic', durable: true },
    ],
  };
}

describe('broker permissions', () => {
  const kinds: Record<string, 'event' | 'command'> = {
    'shelter.bed.reserve.v1': 'command',
    'shelter.bed.reserved.v1': 'event',
  };
  const needs = [
    brokerNeedsOf(
      SERVICE,
      {
        handled: ['shelter.bed.reserve.v1'],
        namedQueues: [],
        published: ['shelter.bed.reserved.v1'],
      },
      (type) => kinds[type],
    ),
    brokerNeedsOf(
      OTHER,
      {
        handled: ['shelter.bed.reserved.v1'],
        namedQueues: [],
        published: ['shelter.bed.reserve.v1'],
      },
      (type) => kinds[type],
    ),
  ];

  it('name every queue the transport declares for a service', () => {
    expect(needs[0]?.queues).toEqual([
      'shelter',
      'shelter.retry.1',
      'shelter.retry.2',
      'shelter.retry.3',
      'shelter.retry.4',
      'shelter.parking-lot',
    ]);
  });

  it('accept exactly what each service needs', () => {
    expect(brokerPermissionProblems(definitions(), 'toevlucht', needs)).toEqual([]);
  });

  it('name a permission that falls short', () => {
    const problems = brokerPermissionProblems(
      definitions({ write: '^(toevlucht\\.events|shelter)$' }),
      'toevlucht',
      needs,
    );
    expect(problems.join('\n')).toMatch(/shelter lacks write on shelter\.retry\.1.*amq\.default/);
  });

  it('name a permission that reaches beyond the service’s needs', () => {
    const problems = brokerPermissionProblems(definitions({ read: '.*' }), 'toevlucht', needs);
    expect(problems.join('\n')).toMatch(
      /shelter has read beyond its needs, on toevlucht\.events, amq\.default.*courier/,
    );
  });

  it('refuse management tags, a missing user and a missing exchange', () => {
    const base = definitions();
    const problems = brokerPermissionProblems(
      {
        ...base,
        users: [{ ...base.users![0]!, tags: ['management'] }],
        exchanges: base.exchanges!.slice(0, 1),
      },
      'toevlucht',
      needs,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'rabbitmq definitions: user shelter must have no tags (has management)',
        'rabbitmq definitions: no user for courier',
        "rabbitmq definitions: exchange toevlucht.commands must be a durable topic exchange in 'toevlucht'",
      ]),
    );
  });

  it('check a password against its hash', () => {
    const user = {
      password_hash: SECRET_HASH,
      hashing_algorithm: 'rabbit_password_hashing_sha256',
    };
    expect(passwordMatches(user, 'secret')).toBe(true);
    expect(passwordMatches(user, 'guess')).toBe(false);
  });
});

describe('compose against the code', () => {
  const healthy = { test: ['CMD', 'true'] };
  const shelter = (overrides: Partial<ComposeService> = {}): ComposeService => ({
    build: { args: { APP: 'services/shelter' } },
    environment: {
      PORT: '3100',
      AMQP_URL: 'amqp://shelter:secret@rabbitmq:5672/toevlucht',
      DATABASE_URL: 'postgres://shelter:x@postgres:5432/toevlucht_shelter',
    },
    ports: ['3100:3100'],
    healthcheck: healthy,
    depends_on: {
      rabbitmq: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
    },
    ...overrides,
  });
  const courier: ComposeService = {
    build: { args: { APP: 'services/courier' } },
    environment: { AMQP_URL: 'amqp://courier:secret@rabbitmq:5672/toevlucht' },
    ports: ['3101:3101'],
    healthcheck: healthy,
    depends_on: { rabbitmq: { condition: 'service_healthy' } },
  };
  const input = (services: Record<string, ComposeService>): ConsistencyInput => ({
    root: '/repo',
    composeFile: '/repo/deploy/docker-compose.yml',
    compose: {
      services: {
        rabbitmq: { image: 'rabbitmq:4.1.4-management', healthcheck: healthy },
        postgres: { image: 'postgres:17.6', healthcheck: healthy },
        'sim-x': {
          build: { args: { APP: 'simulators/x' } },
          healthcheck: healthy,
          environment: { X_PORT: '1' },
        },
        ...services,
      },
    },
    catalogue: { services: [SERVICE, OTHER], simulators: ['x'] },
    definitions: definitions(),
    variablesRead: (program) =>
      new Set(
        program.kind === 'simulator'
          ? ['X_PORT']
          : [
              'PORT',
              'AMQP_URL',
              ...(program.kind === 'service' && program.descriptor.database !== null
                ? ['DATABASE_URL']
                : []),
            ],
      ),
  });

  it('accept a file where every service, port, variable and credential fits', () => {
    const result = consistencyProblems(input({ shelter: shelter(), courier }));
    expect(result.problems).toEqual([]);
    expect([...result.vhosts]).toEqual(['toevlucht']);
  });

  it.each([
    [
      'a missing simulator',
      { shelter: shelter(), courier, 'sim-x': { image: 'busybox:1.37', healthcheck: healthy } },
      /simulator x is missing/,
    ],
    ['a missing catalogue service', { shelter: shelter() }, /catalogue service courier is missing/],
    [
      'a service under another name',
      { refuge: shelter(), courier },
      /compose refuge: runs shelter, so must be named shelter/,
    ],
    [
      'an unknown program',
      {
        shelter: shelter(),
        courier,
        extra: { build: { args: { APP: 'services/nope' } }, healthcheck: healthy },
      },
      /APP=services\/nope is no catalogue service/,
    ],
    [
      'a wrong published port',
      { shelter: shelter({ ports: ['8080:3100'] }), courier },
      /must publish exactly 3100:3100/,
    ],
    [
      'a PORT other than the descriptor’s',
      {
        shelter: shelter({
          environment: {
            PORT: '9999',
            AMQP_URL: 'amqp://shelter:secret@rabbitmq/toevlucht',
            DATABASE_URL: 'postgres://s:x@p/toevlucht_shelter',
          },
        }),
        courier,
      },
      /PORT=9999, but shelter's port is 3100/,
    ],
    [
      'a variable the code never reads',
      {
        shelter: shelter(),
        courier: {
          ...courier,
          environment: {
            AMQP_URL: 'amqp://courier:secret@rabbitmq/toevlucht',
            DATABASE_URL: 'postgres://c:x@p/db',
          },
        },
      },
      /courier: sets DATABASE_URL, which .* never reads/,
    ],
    [
      'a wrong broker password',
      {
        shelter: shelter(),
        courier: {
          ...courier,
          environment: { AMQP_URL: 'amqp://courier:guess@rabbitmq/toevlucht' },
        },
      },
      /courier: AMQP_URL's password does not match/,
    ],
    [
      'another service’s broker user',
      {
        shelter: shelter(),
        courier: {
          ...courier,
          environment: { AMQP_URL: 'amqp://shelter:secret@rabbitmq/toevlucht' },
        },
      },
      /courier: AMQP_URL must log in as courier/,
    ],
    [
      'a start without waiting for the database',
      { shelter: shelter({ depends_on: { rabbitmq: { condition: 'service_healthy' } } }), courier },
      /shelter: must depend on postgres/,
    ],
    [
      'a dependency that need only have started',
      { shelter: shelter({ depends_on: ['rabbitmq', 'postgres'] }), courier },
      /must wait for rabbitmq to be service_healthy/,
    ],
    [
      'no healthcheck',
      { shelter: shelter({ healthcheck: { disable: true } }), courier },
      /shelter: needs a healthcheck/,
    ],
  ])('name %s', (_, services, expected) => {
    expect(consistencyProblems(input(services)).problems.join('\n')).toMatch(expected);
  });
});
