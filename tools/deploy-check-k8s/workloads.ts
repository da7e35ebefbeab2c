import type { Manifest } from './manifest';

/** Accessors for the parts of rendered objects the checks read; absent parts are undefined. */
export type Fields = Readonly<Record<string, unknown>>;

export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Fields)[key];
  }
  return current;
}

export function fieldsAt(value: unknown, ...path: string[]): Fields[] {
  const found = field(value, ...path);
  return Array.isArray(found) ? (found as Fields[]) : [];
}

/** A YAML scalar as the string an environment variable gets; undefined for anything else. */
export function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

export function ofKind(manifests: readonly Manifest[], kind: string): Manifest[] {
  return manifests.filter((manifest) => manifest.kind === kind);
}

export function named(manifests: readonly Manifest[], kind: string, name: string) {
  return manifests.find((m) => m.kind === kind && m.metadata.name === name);
}

export function podLabels(deployment: Manifest): Readonly<Record<string, string>> {
  return (field(deployment, 'spec', 'template', 'metadata', 'labels') ?? {}) as Record<
    string,
    string
  >;
}

/** The service's own container: the one named after the Deployment, else the first. */
export function mainContainer(deployment: Manifest): Fields | undefined {
  const containers = fieldsAt(deployment, 'spec', 'template', 'spec', 'containers');
  return containers.find((c) => c['name'] === deployment.metadata.name) ?? containers[0];
}

/** matchLabels only; a selector with matchExpressions selects nothing here (and is reported). */
export function selects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (field(selector, 'matchExpressions') !== undefined) return false;
  const wanted = (field(selector, 'matchLabels') ?? {}) as Record<string, string>;
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

export interface SetVariable {
  readonly name: string;
  /** Known for literal values and ConfigMap entries; undefined for secrets. */
  readonly value: string | undefined;
  readonly from: string;
}

/**
 * Every environment variable a container gets (env and envFrom, resolved against the rendered
 * ConfigMaps and Secrets), and the references that resolve to nothing.
 */
export function containerEnvironment(
  container: Fields,
  manifests: readonly Manifest[],
): { variables: SetVariable[]; missing: string[] } {
  const variables: SetVariable[] = [];
  const missing: string[] = [];
  const secretsRendered = manifests.some((m) => m.kind === 'Secret');
  const dataOf = (kind: string, name: string): Fields | undefined => {
    const found = named(manifests, kind, name);
    if (found === undefined) return undefined;
    return { ...((found['data'] ?? {}) as Fields), ...((found['stringData'] ?? {}) as Fields) };
  };
  for (const source of fieldsAt(container, 'envFrom')) {
    const configMap = field(source, 'configMapRef', 'name');
    const secret = field(source, 'secretRef', 'name');
    if (typeof configMap === 'string') {
      const data = dataOf('ConfigMap', configMap);
      if (data === undefined) missing.push(`ConfigMap ${configMap}`);
      for (const [name, value] of Object.entries(data ?? {})) {
        variables.push({ name, value: scalar(value), from: `ConfigMap ${configMap}` });
      }
    } else if (typeof secret === 'string') {
      const data = dataOf('Secret', secret);
      if (data === undefined && secretsRendered) missing.push(`Secret ${secret}`);
      for (const name of Object.keys(data ?? {})) {
        variables.push({ name, value: undefined, from: `Secret ${secret}` });
      }
    }
  }
  for (const entry of fieldsAt(container, 'env')) {
    const name = String(entry['name']);
    const configMapKey = field(entry, 'valueFrom', 'configMapKeyRef') as Fields | undefined;
    const secretKey = field(entry, 'valueFrom', 'secretKeyRef') as Fields | undefined;
    if (configMapKey !== undefined) {
      const data = dataOf('ConfigMap', String(configMapKey['name']));
      const value = data?.[String(configMapKey['key'])];
      if (value === undefined)
        missing.push(
          `ConfigMap ${String(configMapKey['name'])} key ${String(configMapKey['key'])}`,
        );
      variables.push({
        name,
        value: scalar(value),
        from: 'ConfigMap key',
      });
    } else if (secretKey !== undefined) {
      const data = dataOf('Secret', String(secretKey['name']));
      if (secretsRendered && data?.[String(secretKey['key'])] === undefined) {
        missing.push(`Secret ${String(secretKey['name'])} key ${String(secretKey['key'])}`);
      }
      variables.push({ name, value: undefined, from: `Secret ${String(secretKey['name'])}` });
    } else {
      const value = entry['value'];
      variables.push({ name, value: scalar(value), from: 'env' });
    }
  }
  return { variables, missing };
}

/** The last value a variable gets (env overrides envFrom, as Kubernetes does). */
export function valueOf(variables: readonly SetVariable[], name: string): string | undefined {
  const set = variables.filter((v) => v.name === name);
  return set[set.length - 1]?.value;
}
