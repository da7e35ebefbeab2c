import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { FileSource } from './file-source';
import { isManifest, type Manifest } from './manifest';

/**
 * A small renderer for the part of kustomize that deploy/k8s uses, for machines without
 * `kubectl kustomize` (neither kustomize nor a recent kubectl is in Debian's or npm's reach).
 * It is not kustomize: it refuses every field and form it does not implement instead of
 * guessing, and where kubectl is present the check renders with both and requires the same
 * objects (render.ts), so the two cannot drift unnoticed. Supported:
 * - `resources`: YAML files (several documents each) and folders with a kustomization.yaml;
 * - `configMapGenerator` / `secretGenerator` with `literals` and `behavior` create, merge or
 *   replace, only with `generatorOptions.disableNameSuffixHash: true` (no hashed names);
 * - `patches` with `path` to strategic-merge patches (several per file), matched by kind and
 *   name: maps merge, `null` deletes, lists are replaced; a list under a key that Kubernetes
 *   merges by name (containers, env, volumes, …) is refused, since kustomize would merge it;
 * - `namespace`, `images` (newName, newTag, digest) and `replicas`.
 */
export function renderKustomization(dir: string, files: FileSource): Manifest[] {
  const kustomization = readKustomization(dir, files);
  for (const field of Object.keys(kustomization)) {
    if (!SUPPORTED_FIELDS.has(field)) unsupported(dir, `the field '${field}'`);
  }
  let objects: Manifest[] = [];
  for (const resource of list(kustomization, 'resources', dir)) {
    const path = posix.join(dir, asString(resource, dir, 'resources'));
    objects.push(
      ...(files.isDirectory(path) ? renderKustomization(path, files) : readManifests(path, files)),
    );
  }
  objects = generate(kustomization, dir, objects);
  for (const patch of list(kustomization, 'patches', dir)) {
    objects = applyPatchFile(patch, dir, files, objects);
  }
  const namespace = kustomization['namespace'];
  if (namespace !== undefined) {
    objects = objects.map((object) =>
      CLUSTER_SCOPED.has(object.kind)
        ? object
        : {
            ...object,
            metadata: { ...object.metadata, namespace: asString(namespace, dir, 'namespace') },
          },
    );
  }
  for (const image of list(kustomization, 'images', dir)) objects = objects.map(retag(image, dir));
  for (const replicas of list(kustomization, 'replicas', dir)) {
    objects = objects.map(rescale(replicas, dir));
  }
  return objects;
}

const SUPPORTED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'generatorOptions',
  'configMapGenerator',
  'secretGenerator',
  'patches',
  'images',
  'replicas',
]);

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'ClusterTriggerAuthentication',
]);

/** Lists that a strategic-merge patch merges by a key in kustomize; here they are refused. */
const MERGED_BY_KEY = new Set([
  'containers',
  'initContainers',
  'env',
  'envFrom',
  'ports',
  'volumes',
  'volumeMounts',
  'imagePullSecrets',
  'tolerations',
]);

type Fields = Record<string, unknown>;

function readKustomization(dir: string, files: FileSource): Fields {
  const path = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => posix.join(dir, name))
    .find((candidate) => files.exists(candidate));
  if (path === undefined) throw new Error(`${dir}: no kustomization.yaml`);
  const documents = parseAllDocuments(files.read(path));
  const first = Array.isArray(documents) ? documents[0] : undefined;
  if (first === undefined || first.errors.length > 0) {
    throw new Error(`${path}: not valid YAML (${first?.errors[0]?.message ?? 'empty'})`);
  }
  const fields = first.toJS() as unknown;
  if (fields === null || typeof fields !== 'object') throw new Error(`${path}: not a mapping`);
  return fields as Fields;
}

function readManifests(path: string, files: FileSource): Manifest[] {
  const documents = parseAllDocuments(files.read(path));
  if (!Array.isArray(documents)) throw new Error(`${path}: not valid YAML`);
  const manifests: Manifest[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new Error(`${path}: not valid YAML (${document.errors[0]?.message ?? ''})`);
    }
    const value = document.toJS() as unknown;
    if (value === null) continue;
    if (!isManifest(value)) throw new Error(`${path}: a document without apiVersion, kind or name`);
    manifests.push(value);
  }
  return manifests;
}

function generate(kustomization: Fields, dir: string, objects: Manifest[]): Manifest[] {
  const generators = [
    ...list(kustomization, 'configMapGenerator', dir).map((g) => ({ kind: 'ConfigMap', g })),
    ...list(kustomization, 'secretGenerator', dir).map((g) => ({ kind: 'Secret', g })),
  ];
  if (generators.length === 0) return objects;
  const options = (kustomization['generatorOptions'] ?? {}) as Fields;
  if (options['disableNameSuffixHash'] !== true) {
    unsupported(dir, 'generated names with a hash suffix (set disableNameSuffixHash: true)');
  }
  let result = objects;
  for (const { kind, g } of generators) {
    const generator = g as Fields;
    for (const field of Object.keys(generator)) {
      if (!['name', 'literals', 'behavior', 'type'].includes(field)) {
        unsupported(dir, `'${field}' in a ${kind} generator`);
      }
    }
    const name = asString(generator['name'], dir, `${kind} generator name`);
    const data = literals(generator['literals'], dir);
    const behavior = generator['behavior'] ?? 'create';
    const existing = result.find((o) => o.kind === kind && o.metadata.name === name);
    if (behavior === 'create') {
      if (existing !== undefined) throw new Error(`${dir}: ${kind} ${name} is generated twice`);
      result = [...result, generated(kind, name, data, generator['type'])];
    } else if (behavior === 'merge' || behavior === 'replace') {
      if (existing === undefined)
        throw new Error(`${dir}: ${kind} ${name} to ${behavior} not found`);
      const before = behavior === 'merge' ? dataOf(existing) : {};
      const merged = generated(kind, name, { ...before, ...data }, existing['type']);
      result = result.map((o) => (o === existing ? { ...existing, data: merged['data'] } : o));
    } else {
      unsupported(dir, `generator behavior ${JSON.stringify(behavior)}`);
    }
  }
  return result;
}

function literals(value: unknown, dir: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const literal of (value ?? []) as unknown[]) {
    const text = asString(literal, dir, 'literals');
    const at = text.indexOf('=');
    if (at < 1) throw new Error(`${dir}: literal without KEY=value`);
    data[text.slice(0, at)] = text.slice(at + 1);
  }
  return data;
}

function generated(
  kind: string,
  name: string,
  data: Record<string, string>,
  type: unknown,
): Manifest {
  if (kind === 'ConfigMap') return { apiVersion: 'v1', kind, metadata: { name }, data };
  const encoded = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
  return { apiVersion: 'v1', kind, metadata: { name }, type: type ?? 'Opaque', data: encoded };
}

/** A generated object's data as plain strings (a Secret's are base64). */
function dataOf(object: Manifest): Record<string, string> {
  const data = (object['data'] ?? {}) as Record<string, string>;
  if (object.kind !== 'Secret') return { ...data };
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]),
  );
}

function applyPatchFile(entry: unknown, dir: string, files: FileSource, objects: Manifest[]) {
  const patch = entry as Fields;
  for (const field of Object.keys(patch)) {
    if (field !== 'path') unsupported(dir, `'${field}' in patches (only 'path')`);
  }
  const path = posix.join(dir, asString(patch['path'], dir, 'patches path'));
  let result = objects;
  for (const change of readManifests(path, files)) {
    const target = result.find(
      (o) =>
        o.kind === change.kind &&
        o.metadata.name === change.metadata.name &&
        (change.metadata.namespace === undefined ||
          o.metadata.namespace === change.metadata.namespace),
    );
    if (target === undefined) {
      throw new Error(`${path}: patch for ${change.kind} ${change.metadata.name}: no such object`);
    }
    const merged = mergePatch(target, change, `${path}: ${change.kind} ${change.metadata.name}`);
    result = result.map((o) => (o === target ? (merged as Manifest) : o));
  }
  return result;
}

/** Strategic merge for the supported subset: maps merge, null deletes, lists are replaced. */
export function mergePatch(target: unknown, patch: unknown, where: string): unknown {
  if (!isMap(patch) || !isMap(target)) return patch;
  const result: Fields = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) unsupported(where, `the patch directive '${key}'`);
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      if (MERGED_BY_KEY.has(key) && Array.isArray(target[key])) {
        unsupported(where, `patching the list '${key}', which kustomize merges by key`);
      }
      result[key] = value;
    } else {
      result[key] = mergePatch(target[key], value, where);
    }
  }
  return result;
}

function retag(entry: unknown, dir: string): (object: Manifest) => Manifest {
  const image = entry as Fields;
  for (const field of Object.keys(image)) {
    if (!['name', 'newName', 'newTag', 'digest'].includes(field)) {
      unsupported(dir, `'${field}' in images`);
    }
  }
  const name = asString(image['name'], dir, 'images name');
  const rewrite = (reference: string): string => {
    const { repository, tag, digest } = splitImage(reference);
    if (repository !== name) return reference;
    const newName = typeof image['newName'] === 'string' ? image['newName'] : repository;
    if (typeof image['digest'] === 'string') return `${newName}@${image['digest']}`;
    const newTag = image['newTag'];
    if (typeof newTag === 'string' || typeof newTag === 'number') return `${newName}:${newTag}`;
    return `${newName}${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
  };
  return (object) => {
    const spec = podSpecOf(object);
    if (spec === undefined) return object;
    const retagged = (containers: unknown) =>
      (containers as Fields[] | undefined)?.map((c) =>
        typeof c['image'] === 'string' ? { ...c, image: rewrite(c['image']) } : c,
      );
    const newSpec: Fields = { ...spec, containers: retagged(spec['containers']) };
    if (spec['initContainers'] !== undefined) {
      newSpec['initContainers'] = retagged(spec['initContainers']);
    }
    return withPodSpec(object, newSpec);
  };
}

function rescale(entry: unknown, dir: string): (object: Manifest) => Manifest {
  const replicas = entry as Fields;
  const name = asString(replicas['name'], dir, 'replicas name');
  const count = replicas['count'];
  if (typeof count !== 'number') throw new Error(`${dir}: replicas of ${name} without a count`);
  return (object) =>
    ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(object.kind) &&
    object.metadata.name === name
      ? { ...object, spec: { ...(object['spec'] as Fields), replicas: count } }
      : object;
}

export function splitImage(reference: string): {
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
} {
  const [withoutDigest = '', digest] = reference.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash) {
    return {
      repository: withoutDigest.slice(0, colon),
      tag: withoutDigest.slice(colon + 1),
      digest,
    };
  }
  return { repository: withoutDigest, tag: undefined, digest };
}

function podSpecOf(object: Manifest): Fields | undefined {
  const template = (object['spec'] as Fields | undefined)?.['template'] as Fields | undefined;
  return template?.['spec'] as Fields | undefined;
}

function withPodSpec(object: Manifest, podSpec: Fields): Manifest {
  const spec = object['spec'] as Fields;
  const template = spec['template'] as Fields;
  return { ...object, spec: { ...spec, template: { ...template, spec: podSpec } } };
}

function list(kustomization: Fields, field: string, dir: string): unknown[] {
  const value = kustomization[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${dir}: '${field}' must be a list`);
  return value;
}

function asString(value: unknown, dir: string, what: string): string {
  if (typeof value !== 'string') throw new Error(`${dir}: ${what} must be a string`);
  return value;
}

function isMap(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unsupported(where: string, what: string): never {
  throw new Error(
    `${where}: ${what} is not supported by the subset renderer (tools/deploy-check-k8s/subset-kustomize.ts)`,
  );
}
