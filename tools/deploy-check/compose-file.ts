import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The parts of a compose service the checks read. */
export interface ComposeService {
  readonly build?: string | { readonly args?: Readonly<Record<string, string>> };
  readonly image?: string;
  readonly environment?:
    Readonly<Record<string, string | number | boolean | null>> | readonly string[];
  readonly env_file?: string | readonly string[];
  readonly ports?: readonly (
    string | number | { readonly target?: number; readonly published?: string | number }
  )[];
  readonly healthcheck?: { readonly test?: unknown; readonly disable?: boolean };
  readonly depends_on?:
    readonly string[] | Readonly<Record<string, { readonly condition?: string }>>;
}

export interface ComposeDocument {
  readonly services?: Readonly<Record<string, ComposeService>>;
}

/** What a service's container gets in its environment: env files first, `environment` over them. */
export function environmentOf(
  service: ComposeService,
  composeFile: string,
): { readonly variables: Map<string, string>; readonly problems: string[] } {
  const variables = new Map<string, string>();
  const problems: string[] = [];
  const files = service.env_file === undefined ? [] : [service.env_file].flat();
  for (const file of files) {
    const path = resolve(dirname(composeFile), file);
    if (!existsSync(path)) {
      problems.push(`env file ${file} does not exist`);
      continue;
    }
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const equals = trimmed.indexOf('=');
      if (equals <= 0) {
        problems.push(`env file ${file}: '${trimmed.split('=')[0] ?? ''}' is not NAME=value`);
        continue;
      }
      variables.set(trimmed.slice(0, equals).trim(), trimmed.slice(equals + 1));
    }
  }
  const environment = service.environment;
  if (Array.isArray(environment)) {
    for (const entry of environment as readonly string[]) {
      const [name, ...value] = entry.split('=');
      variables.set(name ?? '', value.join('='));
    }
  } else if (environment !== undefined) {
    for (const [name, value] of Object.entries(environment))
      variables.set(name, String(value ?? ''));
  }
  return { variables, problems };
}

/** `host:container` pairs of the short and long port syntax. */
export function publishedPorts(service: ComposeService): { host: string; container: string }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { host: String(port.published ?? ''), container: String(port.target ?? '') };
    }
    const parts = String(port).split('/')[0]?.split(':') ?? [];
    const container = parts.at(-1) ?? '';
    return { host: parts.length > 1 ? (parts.at(-2) ?? '') : '', container };
  });
}

export function dependenciesOf(service: ComposeService): Map<string, string> {
  const depends = service.depends_on;
  if (depends === undefined) return new Map();
  if (Array.isArray(depends)) {
    return new Map((depends as readonly string[]).map((name) => [name, 'service_started']));
  }
  return new Map(
    Object.entries(depends as Record<string, { condition?: string }>).map(([name, value]) => [
      name,
      value.condition ?? 'service_started',
    ]),
  );
}

export function buildApp(service: ComposeService): string | undefined {
  return typeof service.build === 'object' ? service.build.args?.['APP'] : undefined;
}
