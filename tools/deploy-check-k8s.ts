import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fail, print } from './cli-options';
import { runChecks } from './deploy-check-k8s/checks';
import { render } from './deploy-check-k8s/render';
import { validateSchemas } from './deploy-check-k8s/schemas';
import { gatherFacts } from './deploy-check-k8s/service-facts';

/**
 * `npm run deploy:check:k8s [-- <kustomization dir>…]`: renders deploy/k8s/base and every
 * overlay (kubectl kustomize when kubectl is on PATH, checked against the subset renderer; only
 * the subset renderer otherwise; KUBECTL=<path> picks a kubectl, KUBECTL=none none), validates
 * every object against the Kubernetes and KEDA schemas, and checks the objects against the code
 * (tools/deploy-check-k8s/checks.ts). Exits 1 naming every problem.
 */
async function main(argv: string[]): Promise<number> {
  const root = join(__dirname, '..', '..');
  const dirs = argv.length > 0 ? argv : defaultDirs(root);
  const facts = gatherFacts(root);
  let failed = 0;
  for (const dir of dirs) {
    const name = relative(root, resolve(root, dir)) || dir;
    let problems: string[];
    let summary = '';
    try {
      const rendering = render(resolve(root, dir));
      summary = `${rendering.manifests.length} objects by ${rendering.renderer}${
        rendering.renderer === 'kubectl kustomize' ? ', subset renderer compared' : ''
      }`;
      problems = [
        ...rendering.disagreements.map((d) => `[renderers] ${d}`),
        ...(await validateSchemas(rendering.manifests)).map((p) => `[schema] ${p}`),
        ...runChecks({ manifests: rendering.manifests, facts }),
      ];
    } catch (error) {
      problems = [`[render] ${(error as Error).message}`];
    }
    if (problems.length === 0) {
      print(`ok    ${name}: ${summary}`);
    } else {
      failed += 1;
      print(`FAIL  ${name}${summary === '' ? '' : `: ${summary}`}`);
      for (const problem of problems) print(`      ${problem}`);
    }
  }
  return failed === 0 ? 0 : fail(`${failed} of ${dirs.length} kustomizations have problems`, 1);
}

function defaultDirs(root: string): string[] {
  const overlays = join('deploy', 'k8s', 'overlays');
  return [
    join('deploy', 'k8s', 'base'),
    ...readdirSync(join(root, overlays), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(overlays, entry.name)),
  ];
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
