import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceDescriptor } from '@toevlucht/config';
import type { BrokerDefinitions } from './broker-permissions';
import { passwordMatches } from './broker-permissions';
import {
  buildApp,
  type ComposeDocument,
  type ComposeService,
  dependenciesOf,
  environmentOf,
  publishedPorts,
} from './compose-file';

export interface Catalogue {
  readonly services: readonly ServiceDescriptor[];
  /** Folders under simulators/. */
  readonly simulators: readonly string[];
}

/** The program a compose service runs, from its build argument APP. */
export type Program =
  | { readonly kind: 'service'; readonly descriptor: ServiceDescriptor; readonly entry: string }
  | { readonly kind: 'simulator' | 'tool'; readonly entry: string };

export interface ConsistencyInput {
  readonly root: string;
  readonly composeFile: string;
  readonly compose: ComposeDocument;
  readonly catalogue: Catalogue;
  readonly definitions: BrokerDefinitions;
  /** The variables a program reads (variablesReadBy, or a fake in tests). */
  readonly variablesRead: (program: Program) => ReadonlySet<string>;
}

/**
 * Compose against the code: every catalogue service and simulator runs, under its own name;
 * each service is published on its descriptor's port; every variable a container is given is
 * one its program reads; each service connects to RabbitMQ as its own user with the password
 * the definitions hold, and a stateful one to its own database; and the start order waits for
 * healthy dependencies.
 */
export function consistencyProblems(input: ConsistencyInput): {
  problems: string[];
  vhosts: Set<string>;
} {
  const problems: string[] = [];
  const vhosts = new Set<string>();
  const services = input.compose.services ?? {};
  const programs = new Map<string, Program>();
  for (const [name, service] of Object.entries(services)) {
    if (service.healthcheck?.test === undefined || service.healthcheck.disable === true) {
      problems.push(`compose ${name}: needs a healthcheck (others wait for it to be healthy)`);
    }
    for (const [dependency, condition] of dependenciesOf(service)) {
      const target = services[dependency];
      if (target === undefined) problems.push(`compose ${name}: depends on unknown ${dependency}`);
      else if (condition !== 'service_healthy')
        problems.push(`compose ${name}: must wait for ${dependency} to be service_healthy`);
    }
    const app = buildApp(service);
    if (app === undefined) continue;
    const program = programOf(input.root, input.catalogue, app);
    if (program === undefined) {
      problems.push(`compose ${name}: APP=${app} is no catalogue service, simulator or tool`);
      continue;
    }
    programs.set(name, program);
    if (program.kind === 'service' && program.descriptor.name !== name) {
      problems.push(
        `compose ${name}: runs ${program.descriptor.name}, so must be named ${program.descriptor.name}`,
      );
    }
  }
  const running = [...programs.values()];
  for (const descriptor of input.catalogue.services) {
    if (!running.some((program) => program.kind === 'service' && program.descriptor === descriptor))
      problems.push(`compose: catalogue service ${descriptor.name} is missing`);
  }
  for (const folder of input.catalogue.simulators) {
    if (
      !running.some(
        (program) =>
          program.kind === 'simulator' && program.entry.includes(`/simulators/${folder}/`),
      )
    )
      problems.push(`compose: simulator ${folder} is missing`);
  }

  for (const [name, program] of programs) {
    const service = services[name] as ComposeService;
    const environment = environmentOf(service, input.composeFile);
    problems.push(...environment.problems.map((problem) => `compose ${name}: ${problem}`));
    const read = input.variablesRead(program);
    for (const variable of environment.variables.keys()) {
      if (!read.has(variable))
        problems.push(
          `compose ${name}: sets ${variable}, which ${program.entry.replace(`${input.root}/`, '')} never reads`,
        );
    }
    if (program.kind !== 'service') continue;
    const { descriptor } = program;
    problems.push(...portProblems(name, service, descriptor, environment.variables));
    problems.push(
      ...credentialProblems(name, descriptor, environment.variables, input.definitions, vhosts),
    );
    const dependencies = dependenciesOf(service);
    const infrastructure = descriptor.database === null ? ['rabbitmq'] : ['rabbitmq', 'postgres'];
    for (const needed of infrastructure) {
      if (!dependencies.has(needed)) problems.push(`compose ${name}: must depend on ${needed}`);
    }
  }
  return { problems, vhosts };
}

function programOf(root: string, catalogue: Catalogue, app: string): Program | undefined {
  const [kind, name] = app.split('/');
  if (kind === 'services') {
    const descriptor = catalogue.services.find((candidate) => candidate.name === name);
    return descriptor === undefined
      ? undefined
      : { kind: 'service', descriptor, entry: join(root, app, 'src', 'main.ts') };
  }
  if (kind === 'simulators' && catalogue.simulators.includes(name ?? '')) {
    return { kind: 'simulator', entry: join(root, app, 'src', 'main.ts') };
  }
  const tool = join(root, `${app}.ts`);
  return kind === 'tools' && existsSync(tool) ? { kind: 'tool', entry: tool } : undefined;
}

function portProblems(
  name: string,
  service: ComposeService,
  descriptor: ServiceDescriptor,
  variables: ReadonlyMap<string, string>,
): string[] {
  const problems: string[] = [];
  const port = String(descriptor.defaultPort);
  const configured = variables.get('PORT');
  if (configured !== undefined && configured !== port) {
    problems.push(`compose ${name}: PORT=${configured}, but ${name}'s port is ${port}`);
  }
  const published = publishedPorts(service);
  if (published.length !== 1 || published[0]?.container !== port || published[0]?.host !== port) {
    problems.push(`compose ${name}: must publish exactly ${port}:${port} (its descriptor's port)`);
  }
  return problems;
}

function credentialProblems(
  name: string,
  descriptor: ServiceDescriptor,
  variables: ReadonlyMap<string, string>,
  definitions: BrokerDefinitions,
  vhosts: Set<string>,
): string[] {
  const problems: string[] = [];
  const amqp = parseUrl(variables.get('AMQP_URL'));
  if (amqp === undefined) {
    problems.push(`compose ${name}: AMQP_URL must name its own RabbitMQ user`);
  } else {
    vhosts.add(decodeURIComponent(amqp.pathname.replace(/^\//, '')) || '/');
    const user = (definitions.users ?? []).find(
      (candidate) => candidate.name === decodeURIComponent(amqp.username),
    );
    if (decodeURIComponent(amqp.username) !== descriptor.name) {
      problems.push(`compose ${name}: AMQP_URL must log in as ${descriptor.name}`);
    } else if (user === undefined || !passwordMatches(user, decodeURIComponent(amqp.password))) {
      problems.push(
        `compose ${name}: AMQP_URL's password does not match ${name}'s hash in the RabbitMQ definitions`,
      );
    }
  }
  const database = variables.get('DATABASE_URL');
  if (descriptor.database === null && database !== undefined) {
    problems.push(`compose ${name}: is stateless and must not get DATABASE_URL`);
  }
  if (descriptor.database !== null) {
    const url = parseUrl(database);
    if (url === undefined || url.pathname !== `/${descriptor.database}`) {
      problems.push(`compose ${name}: DATABASE_URL must name its database ${descriptor.database}`);
    }
  }
  return problems;
}

function parseUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
