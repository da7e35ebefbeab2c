/** One rendered Kubernetes object, as parsed from YAML; typed only as far as the checks read it. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** `Kind/namespace/name`: how problems name an object, and the key renderings are compared by. */
export function identify(manifest: Manifest): string {
  const namespace = manifest.metadata.namespace ?? '';
  return `${manifest.kind}/${namespace === '' ? '' : `${namespace}/`}${manifest.metadata.name}`;
}

export function isManifest(value: unknown): value is Manifest {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  const metadata = candidate['metadata'] as Record<string, unknown> | undefined;
  return (
    typeof candidate['apiVersion'] === 'string' &&
    typeof candidate['kind'] === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof metadata['name'] === 'string'
  );
}
