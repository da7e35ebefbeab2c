import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';
import { ConfigError, loadServiceConfig, type ServiceDescriptor } from '@toevlucht/config';
import { loadBreakerSettings } from '@toevlucht/resilience';

const VARIABLE = /^[A-Z][A-Z0-9_]*$/;

/**
 * The environment variables a program reads, found in its code rather than kept in a list that
 * would drift: every source file reachable from its entry point through imports (our own code,
 * not node_modules) is parsed, and three shapes count as reading a variable:
 *
 * - `env['NAME']`, `process.env['NAME']`, `process.env.NAME`;
 * - a key of an object literal given to `z.object(…)` (the configuration schemas, which are
 *   parsed from the environment);
 * - for a service, libs/config's own schema answers for itself: each candidate name found there
 *   is given an invalid value and counts when loadServiceConfig rejects it, so DATABASE_* belong
 *   to stateful services only;
 * - `loadBreakerSettings(name, 'PREFIX', …)` with a literal prefix: the loader itself is run on
 *   an environment that records what it reads (`PREFIX_BREAKER_…`).
 *
 * What it cannot see: any other name built at run time or passed around in a variable. Such a
 * variable set in a compose file or a manifest is reported as not read (strict, never silently
 * passing); the fix is to read it in one of the shapes above. Both deploy checks (compose and
 * Kubernetes) take their answer from here, so they cannot disagree about a program.
 */
export function variablesReadBy(
  root: string,
  entry: string,
  descriptor: ServiceDescriptor | null,
): Set<string> {
  const found = new Set<string>();
  const fromConfigLib = new Set<string>();
  for (const file of reachableSources(root, entry)) {
    const names = variablesIn(file);
    const inConfigLib = relative(root, file).split(sep).slice(0, 2).join('/') === 'libs/config';
    for (const name of names) (inConfigLib ? fromConfigLib : found).add(name);
  }
  if (descriptor !== null) {
    for (const name of fromConfigLib) if (serviceConfigReads(descriptor, name)) found.add(name);
  }
  return found;
}

function serviceConfigReads(descriptor: ServiceDescriptor, name: string): boolean {
  try {
    loadServiceConfig(descriptor, { [name]: 'not a valid value \u0000' });
    return false;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.some((problem) => problem.variable === name);
  }
}

/** Names read in one file, in the shapes listed on variablesReadBy. */
export function variablesIn(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2023);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isElementAccessExpression(node) &&
      ts.isStringLiteral(node.argumentExpression) &&
      VARIABLE.test(node.argumentExpression.text) &&
      /env\)?$/.test(node.expression.getText(source))
    ) {
      names.add(node.argumentExpression.text);
    } else if (
      ts.isPropertyAccessExpression(node) &&
      VARIABLE.test(node.name.text) &&
      /(^|\.)env$/.test(node.expression.getText(source))
    ) {
      names.add(node.name.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.getText(source) === 'loadBreakerSettings' &&
      node.arguments[1] !== undefined &&
      ts.isStringLiteral(node.arguments[1])
    ) {
      for (const name of breakerVariables(node.arguments[1].text)) names.add(name);
    } else if (
      ts.isCallExpression(node) &&
      /(^|\.)object$/.test(node.expression.getText(source)) &&
      node.arguments[0] !== undefined &&
      ts.isObjectLiteralExpression(node.arguments[0])
    ) {
      for (const property of node.arguments[0].properties) {
        const name = property.name;
        if (name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name))) {
          if (VARIABLE.test(name.text)) names.add(name.text);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** What loadBreakerSettings reads for a prefix, recorded rather than listed. */
function breakerVariables(prefix: string): Set<string> {
  const read = new Set<string>();
  const record = (key: string | symbol) => {
    if (typeof key === 'string') read.add(key);
  };
  const recorder = new Proxy<NodeJS.ProcessEnv>(
    {},
    {
      get: (_, key) => {
        record(key);
        return undefined;
      },
      has: (_, key) => {
        record(key);
        return false;
      },
    },
  );
  loadBreakerSettings('deploy-check', prefix, recorder);
  return read;
}

/** The entry file and every project source file it imports, directly or not. */
export function reachableSources(root: string, entry: string): string[] {
  const options = compilerOptions(root);
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles) {
      const resolved = ts.resolveModuleName(
        imported.fileName,
        file,
        options,
        ts.sys,
      ).resolvedModule;
      if (
        resolved === undefined ||
        resolved.isExternalLibraryImport === true ||
        resolved.resolvedFileName.endsWith('.d.ts') ||
        !resolved.resolvedFileName.startsWith(root)
      ) {
        continue;
      }
      pending.push(resolved.resolvedFileName);
    }
  }
  return [...seen];
}

function compilerOptions(root: string): ts.CompilerOptions {
  const path = join(root, 'tsconfig.json');
  const config: unknown = ts.readConfigFile(path, (file) => ts.sys.readFile(file)).config;
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(path)).options;
}
