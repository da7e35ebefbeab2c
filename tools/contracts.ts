import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '@toevlucht/runtime';
import { checkContracts } from './contracts/check-contracts';
import { readSchemaFiles } from './contracts/contract-files';
import { generateTypes } from './contracts/generate-types';

/**
 * `npm run contracts:generate`: writes contracts/generated/message-payloads.ts from the schemas.
 * `npm run contracts:check`: validates asyncapi.yaml and the schemas, checks that code and
 * contracts agree, and that the generated types are up to date.
 * Options for other trees (tests): --schemas <dir> --asyncapi <file> --code <dir> --types <file>.
 */
function option(argv: string[], name: string, fallback: string): string {
  const index = argv.indexOf(name);
  return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
}

async function main(argv: string[]): Promise<number> {
  const root = findProjectRoot();
  const schemasDirectory = option(argv, '--schemas', join(root, 'contracts/messages'));
  const asyncApiFile = option(argv, '--asyncapi', join(root, 'contracts/asyncapi.yaml'));
  const codeDirectory = option(argv, '--code', join(root, 'services'));
  const typesFile = option(argv, '--types', join(root, 'contracts/generated/message-payloads.ts'));
  const generated = await generateTypes(readSchemaFiles(schemasDirectory));

  if (argv[0] === 'generate') {
    writeFileSync(typesFile, generated);
    process.stdout.write(`wrote ${typesFile}\n`);
    return 0;
  }
  if (argv[0] !== 'check') {
    process.stdout.write(
      'usage: contracts <generate|check> [--schemas dir] [--asyncapi file] [--code dir] [--types file]\n',
    );
    return 64;
  }
  const problems = await checkContracts({
    schemasDirectory,
    asyncApiFile,
    codeDirectories: [codeDirectory],
  });
  const committed = existsSync(typesFile) ? readFileSync(typesFile, 'utf8') : '';
  if (committed !== generated)
    problems.push(`${typesFile} is out of date: run npm run contracts:generate`);
  for (const problem of problems) process.stdout.write(`✗ ${problem}\n`);
  if (problems.length > 0) return 1;
  process.stdout.write('✔ contracts are consistent\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`contracts: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
