import { inMemory } from './file-source';
import { compare } from './render';
import { renderKustomization, splitImage } from './subset-kustomize';

const base = {
  'base/kustomization.yaml': `
resources:
  - app.yaml
generatorOptions:
  disableNameSuffixHash: true
configMapGenerator:
  - name: app-config
    literals:
      - LOG_LEVEL=info
      - URL=https://x.example/?a=b
`,
  'base/app.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: app
          image: toevlucht/app
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: app
spec:
  podSelector: {}
  egress:
    - ports:
        - port: 1
      to:
        - ipBlock:
            cidr: 192.0.2.1/32
---
`,
};

function overlay(kustomization: string, extra: Record<string, string> = {}) {
  return renderKustomization(
    'overlay',
    inMemory({ ...base, 'overlay/kustomization.yaml': kustomization, ...extra }),
  );
}

describe('the subset renderer', () => {
  it('reads resources and generates ConfigMaps with literals', () => {
    const objects = renderKustomization('base', inMemory(base));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/app',
      'NetworkPolicy/app',
      'ConfigMap/app-config',
    ]);
    expect(objects[2]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app-config' },
      data: { LOG_LEVEL: 'info', URL: 'https://x.example/?a=b' },
    });
  });

  it('applies namespace, images, replicas, merged config, secrets and patches in an overlay', () => {
    const objects = overlay(
      `
namespace: prod
resources:
  - namespace.yaml
  - ../base
images:
  - name: toevlucht/app
    newName: registry.example/toevlucht/app
    newTag: "1.2"
replicas:
  - name: app
    count: 3
patches:
  - path: patch.yaml
generatorOptions:
  disableNameSuffixHash: true
configMapGenerator:
  - name: app-config
    behavior: merge
    literals:
      - LOG_LEVEL=warn
secretGenerator:
  - name: app-secrets
    literals:
      - TOKEN=CHANGE-ME
`,
      {
        'overlay/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n',
        'overlay/patch.yaml': `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: app
spec:
  podSelector: null
  egress:
    - ports:
        - port: 2
`,
      },
    );
    const byId = Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
    expect(byId['Namespace/prod']?.metadata).toEqual({ name: 'prod' });
    expect(byId['Deployment/app']).toMatchObject({
      metadata: { namespace: 'prod' },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ image: 'registry.example/toevlucht/app:1.2' }] } },
      },
    });
    expect(byId['ConfigMap/app-config']?.['data']).toEqual({
      LOG_LEVEL: 'warn',
      URL: 'https://x.example/?a=b',
    });
    expect(byId['Secret/app-secrets']).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'app-secrets', namespace: 'prod' },
      type: 'Opaque',
      data: { TOKEN: Buffer.from('CHANGE-ME').toString('base64') },
    });
    // Lists are replaced, null deletes.
    expect(byId['NetworkPolicy/app']?.['spec']).toEqual({ egress: [{ ports: [{ port: 2 }] }] });
  });

  it.each([
    [
      'a field it does not implement',
      'resources: [../base]\ncommonLabels: { a: b }\n',
      {},
      "the field 'commonLabels'",
    ],
    [
      'generated names with a hash',
      'resources: [../base]\nconfigMapGenerator:\n  - name: x\n    literals: [A=1]\n',
      {},
      'generated names with a hash suffix',
    ],
    [
      'a generator reading files',
      'resources: [../base]\ngeneratorOptions: { disableNameSuffixHash: true }\nconfigMapGenerator:\n  - name: x\n    files: [a.txt]\n',
      {},
      "'files' in a ConfigMap generator",
    ],
    [
      'a patch of a list kustomize merges by key',
      'resources: [../base]\npatches:\n  - path: p.yaml\n',
      {
        'overlay/p.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app }\nspec:\n  template:\n    spec:\n      containers: [{ name: app, image: other }]\n',
      },
      "patching the list 'containers', which kustomize merges by key",
    ],
    [
      'a patch directive',
      'resources: [../base]\npatches:\n  - path: p.yaml\n',
      {
        'overlay/p.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app }\n$patch: delete\n',
      },
      "the patch directive '$patch'",
    ],
    [
      'a patch with a target',
      'resources: [../base]\npatches:\n  - path: p.yaml\n    target: { kind: Deployment }\n',
      { 'overlay/p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app }\n' },
      "'target' in patches",
    ],
  ])('refuses %s instead of guessing', (_what, kustomization, extra, message) => {
    expect(() => overlay(kustomization, extra)).toThrow(message);
  });

  it('fails on a patch for an object that is not there', () => {
    expect(() =>
      overlay('resources: [../base]\npatches:\n  - path: p.yaml\n', {
        'overlay/p.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: app }\n',
      }),
    ).toThrow('patch for Service app: no such object');
  });

  it('splits image references with registries, ports, tags and digests', () => {
    expect(splitImage('registry:5000/a/b:1.0@sha256:x')).toEqual({
      repository: 'registry:5000/a/b',
      tag: '1.0',
      digest: 'sha256:x',
    });
    expect(splitImage('registry:5000/a/b')).toEqual({
      repository: 'registry:5000/a/b',
      tag: undefined,
      digest: undefined,
    });
  });
});

describe('comparing two renderings', () => {
  const object = (name: string, data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data,
  });

  it('names objects rendered differently or by one renderer only', () => {
    expect(
      compare(
        [object('a', { x: '1' }), object('b', {})],
        [object('a', { x: '2' }), object('c', {})],
      ),
    ).toEqual([
      'ConfigMap/a: rendered differently',
      'ConfigMap/b: only kubectl renders it',
      'ConfigMap/c: only the subset renderer renders it',
    ]);
  });

  it('ignores the order of objects', () => {
    expect(compare([object('a', {}), object('b', {})], [object('b', {}), object('a', {})])).toEqual(
      [],
    );
  });
});
