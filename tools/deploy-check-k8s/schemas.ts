import { identify, type Manifest } from './manifest';

/**
 * The schema of every kind the manifests may contain: Kubernetes' own from `kubernetes-models`
 * (generated from the Kubernetes OpenAPI definitions) and KEDA's from `@kubernetes-models/keda`
 * (generated from KEDA's CRDs), both compiled JSON-schema validators (ajv). A kind missing here
 * is a problem, not a pass: add its model when the manifests start using it.
 * Like kubeconform without -strict, these schemas accept fields they do not know; the
 * consistency checks (checks.ts) cover the fields the mesh depends on.
 */
const MODELS: Readonly<Record<string, readonly [specifier: string, exportName: string]>> = {
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'ConfigMap'],
  'v1/Namespace': ['kubernetes-models/v1/Namespace', 'Namespace'],
  'v1/Secret': ['kubernetes-models/v1/Secret', 'Secret'],
  'v1/Service': ['kubernetes-models/v1/Service', 'Service'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'Deployment'],
  'policy/v1/PodDisruptionBudget': [
    'kubernetes-models/policy/v1/PodDisruptionBudget',
    'PodDisruptionBudget',
  ],
  'networking.k8s.io/v1/NetworkPolicy': [
    'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    'NetworkPolicy',
  ],
  'keda.sh/v1alpha1/ScaledObject': [
    '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject',
    'ScaledObject',
  ],
  'keda.sh/v1alpha1/TriggerAuthentication': [
    '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication',
    'TriggerAuthentication',
  ],
};

type ModelClass = new (data: unknown) => { validate(): void };

/**
 * These packages are ES modules only, and tsc's CommonJS output turns `import()` into
 * `require()`, which their exports refuse; a function built at run time keeps the real import.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- see above
const importModule = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<Record<string, unknown>>;

/** Problems, one per object that fails its schema or has no known schema. */
export async function validateSchemas(manifests: readonly Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const manifest of manifests) {
    const model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
    if (model === undefined) {
      problems.push(`${identify(manifest)}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
      continue;
    }
    const [specifier, exportName] = model;
    const Model = (await importModule(specifier))[exportName] as ModelClass;
    try {
      new Model(manifest).validate();
    } catch (error) {
      problems.push(`${identify(manifest)}: ${(error as Error).message}`);
    }
  }
  return problems;
}
