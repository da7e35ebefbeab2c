import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadServiceConfig, type ServiceDescriptor } from '@toevlucht/config';
import { DEFAULT_QUEUE, workQueueName } from '@toevlucht/messaging';
import { loadBreakerSettings } from '@toevlucht/resilience';
import { loadSecurityConfig } from '@toevlucht/security';
import { SERVICES } from '../service-catalog';

/** What the code says about one service, for comparing with what the manifests say. */
export interface ServiceFacts {
  readonly name: string;
  /** The port it listens on when PORT is unset. */
  readonly port: number;
  readonly stateful: boolean;
  /** A partner adapter: scaled by KEDA on its work queues. */
  readonly adapter: boolean;
  /** Every environment variable it reads. */
  readonly variables: ReadonlySet<string>;
  /** The work queues it consumes, named as libs/messaging names them. */
  readonly workQueues: readonly string[];
}

export interface MeshFacts {
  readonly services: readonly ServiceFacts[];
  /** The HTTP paths every service answers (libs/observability's controllers). */
  readonly httpPaths: ReadonlySet<string>;
}

/** Reads the facts from the code under `root` (the repository). */
export function gatherFacts(root: string): MeshFacts {
  return {
    services: SERVICES.map((descriptor) => serviceFacts(root, descriptor)),
    httpPaths: observabilityPaths(root),
  };
}

function serviceFacts(root: string, descriptor: ServiceDescriptor): ServiceFacts {
  const sources = typeScriptFiles(join(root, 'services', descriptor.name, 'src')).map((path) => ({
    path: relative(root, path),
    text: readFileSync(path, 'utf8'),
  }));
  const everything = sources.map((source) => source.text).join('\n');
  const variables = new Set<string>();
  // Exact where the loader is shared: run it on an environment that records what it reads.
  const recorder = recordingEnv(variables);
  quietly(() => loadServiceConfig(descriptor, recorder));
  if (everything.includes('SecurityModule')) quietly(() => loadSecurityConfig(recorder));
  for (const [, prefix] of everything.matchAll(BREAKER_CALL)) {
    quietly(() => loadBreakerSettings('probe', prefix!, recorder));
  }
  // The service's own loaders read a zod object of VARIABLE: parser keys in a *config.ts or
  // *settings.ts file; those keys are the variables.
  for (const source of sources.filter((s) => /(config|settings)\.ts$/.test(s.path))) {
    for (const [, variable] of source.text.matchAll(OBJECT_KEY)) variables.add(variable!);
  }
  const queues = new Set<string>();
  for (const [, , , queue] of everything.matchAll(HANDLER)) {
    queues.add(workQueueName(descriptor.name, queue ?? DEFAULT_QUEUE));
  }
  return {
    name: descriptor.name,
    port: descriptor.defaultPort,
    stateful: descriptor.database !== null,
    adapter: descriptor.name.endsWith('-adapter'),
    variables,
    workQueues: [...queues].sort(),
  };
}

const BREAKER_CALL = /loadBreakerSettings\(\s*'[^']*',\s*'([A-Z][A-Z0-9_]*)'/g;
const OBJECT_KEY = /^\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): /gm;
/** `@EventPattern('type')` or `@MessagePattern<…>('type', { queue: 'name' })`. */
const HANDLER =
  /@(Event|Message)Pattern(?:<[^>]*>)?\(\s*'([^']+)'\s*(?:,\s*\{[^}]*\bqueue:\s*'([^']+)'[^}]*\})?\s*\)/g;

function recordingEnv(seen: Set<string>): NodeJS.ProcessEnv {
  const empty: NodeJS.ProcessEnv = {};
  return new Proxy(empty, {
    get(target, key) {
      if (typeof key === 'string') seen.add(key);
      return undefined;
    },
    has(target, key) {
      if (typeof key === 'string') seen.add(key);
      return false;
    },
  });
}

/** The loaders may refuse the empty environment; only what they read matters here. */
function quietly(load: () => unknown): void {
  try {
    load();
  } catch {
    // a ConfigError about missing values: the reads are recorded all the same
  }
}

function observabilityPaths(root: string): Set<string> {
  const paths = new Set<string>();
  for (const file of typeScriptFiles(join(root, 'libs', 'observability', 'src'))) {
    if (!file.endsWith('.controller.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const base = /@Controller\('([^']*)'\)/.exec(text)?.[1] ?? '';
    for (const [, path] of text.matchAll(/@Get\((?:'([^']*)')?\)/g)) {
      paths.add(`/${[base, path ?? ''].filter((part) => part !== '').join('/')}`);
    }
  }
  return paths;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(file))
    .map((file) => join(dir, file));
}
