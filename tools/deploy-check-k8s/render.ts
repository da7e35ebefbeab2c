import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { DISK } from './file-source';
import { identify, isManifest, type Manifest } from './manifest';
import { renderKustomization } from './subset-kustomize';

export interface Rendering {
  readonly manifests: Manifest[];
  /** Which renderer the checks ran on. */
  readonly renderer: 'kubectl kustomize' | 'subset renderer';
  /** Objects the two renderers disagree on (only when kubectl was there to compare with). */
  readonly disagreements: string[];
}

/**
 * Renders an overlay with kubectl's kustomize when kubectl is on PATH (KUBECTL overrides), and
 * always with the subset renderer; with both, every object must come out the same, which is
 * what keeps the subset renderer honest on machines that have only it.
 */
export function render(dir: string, kubectl = process.env['KUBECTL'] ?? 'kubectl'): Rendering {
  const subset = renderKustomization(dir, DISK);
  const real = renderWithKubectl(dir, kubectl);
  if (real === undefined)
    return { manifests: subset, renderer: 'subset renderer', disagreements: [] };
  return { manifests: real, renderer: 'kubectl kustomize', disagreements: compare(real, subset) };
}

/** Undefined when there is no kubectl; throws when kubectl refuses the kustomization. */
export function renderWithKubectl(dir: string, kubectl: string): Manifest[] | undefined {
  const run = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8' });
  if (run.error !== undefined && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    return undefined;
  }
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout)
    .map((document) => document.toJS() as unknown)
    .filter((value) => value !== null)
    .map((value) => {
      if (!isManifest(value)) throw new Error(`kubectl kustomize ${dir}: an object without a name`);
      return unwrapSecretData(value);
    });
}

/**
 * kustomize folds long base64 values over several lines; the API server's decoder skips the
 * line breaks, so they are dropped here to compare and validate what Kubernetes reads.
 */
function unwrapSecretData(manifest: Manifest): Manifest {
  const data = manifest['data'];
  if (manifest.kind !== 'Secret' || data === null || typeof data !== 'object') return manifest;
  const unwrapped = Object.entries(data as Record<string, unknown>).map(([key, value]) => [
    key,
    typeof value === 'string' ? value.replace(/\s+/g, '') : value,
  ]);
  return { ...manifest, data: Object.fromEntries(unwrapped) };
}

export function compare(expected: Manifest[], actual: Manifest[]): string[] {
  const byId = (manifests: Manifest[]) => new Map(manifests.map((m) => [identify(m), m]));
  const left = byId(expected);
  const right = byId(actual);
  const problems: string[] = [];
  for (const [id, manifest] of left) {
    const other = right.get(id);
    if (other === undefined) problems.push(`${id}: only kubectl renders it`);
    else if (!isDeepStrictEqual(manifest, other)) problems.push(`${id}: rendered differently`);
  }
  for (const id of right.keys()) {
    if (!left.has(id)) problems.push(`${id}: only the subset renderer renders it`);
  }
  return problems;
}
