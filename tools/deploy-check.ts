import { join } from 'node:path';
import { findProjectRoot } from '@toevlucht/runtime';
import { SERVICES } from './service-catalog';
import { variablesReadBy } from './deploy-check/variables-read';

const root = findProjectRoot();
for (const s of SERVICES) {
  console.log(s.name, [...variablesReadBy(root, join(root, 'services', s.name, 'src/main.ts'), s)].sort().join(' '));
}
for (const e of ['simulators/magda/src/main.ts','simulators/davinci/src/main.ts','simulators/orafin-sftp/src/main.ts','tools/dev-issuer.ts'])
  console.log(e, [...variablesReadBy(root, join(root, e), null)].sort().join(' '));
