import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceDescriptor } from '@toevlucht/config';
import { DEFAULT_QUEUE, workQueueName } from '@toevlucht/messaging';
import { variablesReadBy } from '../deploy-check/variables-read';
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
  const everything = typeScriptFiles(join(root, 'services', descriptor.name, 'src'))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
  // The same answer the compose check uses (tools/deploy-check/variables-read.ts).
  const variables = variablesReadBy(
    root,
    join(root, 'services', descriptor.name, 'src', 'main.ts'),
    descriptor,
  );
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

/** `@EventPattern('type')` or `@MessagePattern<…>('type', { queue: 'name' })`. */
const HANDLER =
  /@(Event|Message)Pattern(?:<[^>]*>)?\(\s*'([^']+)'\s*(?:,\s*\{[^}]*\bqueue:\s*'([^']+)'[^}]*\})?\s*\)/g;

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
