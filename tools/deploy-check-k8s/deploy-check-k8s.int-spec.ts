import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * The built tool (npm run deploy:check:k8s) on the real manifests and on broken copies of them:
 * schema validation runs only there, since the schema packages are ES modules that load
 * through a real import(), which this CommonJS test runtime cannot do.
 */
const ROOT = join(__dirname, '../..');
const TOOL = join(ROOT, 'dist/tools/deploy-check-k8s.js');

function check(dirs: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [TOOL, ...dirs], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

let copy: string;
let overlay: string;

beforeEach(() => {
  copy = mkdtempSync(join(tmpdir(), 'k8s-check-'));
  cpSync(join(ROOT, 'deploy/k8s'), copy, { recursive: true });
  overlay = join(copy, 'overlays/example');
});

afterEach(() => rmSync(copy, { recursive: true, force: true }));

function edit(path: string, from: string, to: string): void {
  const text = readFileSync(join(copy, path), 'utf8');
  if (!text.includes(from)) throw new Error(`${path} has no '${from}'`);
  writeFileSync(join(copy, path), text.replace(from, to));
}

describe('npm run deploy:check:k8s', () => {
  it('passes on deploy/k8s with the subset renderer alone', () => {
    const { status, output } = check([], { KUBECTL: 'none' });
    expect(output).toMatch(/^ok {4}deploy\/k8s\/base: \d+ objects by subset renderer$/m);
    expect(output).toMatch(
      /^ok {4}deploy\/k8s\/overlays\/example: \d+ objects by subset renderer$/m,
    );
    expect(status).toBe(0);
  });

  it('fails on an object its schema refuses', () => {
    edit('base/scaledobject-davinci-adapter.yaml', 'maxReplicaCount: 3', 'maxReplicaCount: three');
    const { status, output } = check([overlay], { KUBECTL: 'none' });
    expect(output).toContain(
      '[schema] ScaledObject/toevlucht/davinci-adapter: data/spec/maxReplicaCount must be integer',
    );
    expect(status).toBe(1);
  });

  it('fails on a kind it has no schema for', () => {
    writeFileSync(
      join(overlay, 'ingress.yaml'),
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: gateway\n',
    );
    edit(
      'overlays/example/kustomization.yaml',
      '  - namespace.yaml\n',
      '  - namespace.yaml\n  - ingress.yaml\n',
    );
    const { status, output } = check([overlay], { KUBECTL: 'none' });
    expect(output).toContain(
      '[schema] Ingress/toevlucht/gateway: no schema for networking.k8s.io/v1 Ingress',
    );
    expect(status).toBe(1);
  });

  it('fails on a consistency problem in the rendered overlay', () => {
    edit(
      'overlays/example/kustomization.yaml',
      '      - LOG_LEVEL=warn',
      '      - LOG_LEVEL=warn\n      - DEBUG=1',
    );
    const { status, output } = check([overlay], { KUBECTL: 'none' });
    expect(output).toContain(
      '[environment] Deployment/toevlucht/registration: DEBUG (from ConfigMap toevlucht-common) is not read by registration',
    );
    expect(status).toBe(1);
  });

  it('fails when kubectl renders other objects than the subset renderer', () => {
    const fake = join(copy, 'fake-kubectl');
    writeFileSync(
      fake,
      '#!/bin/sh\nprintf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: only-in-kubectl\\n"\n',
    );
    chmodSync(fake, 0o755);
    const { status, output } = check([join(copy, 'base')], { KUBECTL: fake });
    expect(output).toContain('[renderers] ConfigMap/only-in-kubectl: only kubectl renders it');
    expect(output).toContain(
      '[renderers] Deployment/registration: only the subset renderer renders it',
    );
    expect(status).toBe(1);
  });
});
