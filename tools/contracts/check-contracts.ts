import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';
import { readSchemaFiles, sourceFiles, typesUsedIn, type SchemaFile } from './contract-files';

// DiagnosticSeverity.Error; the parser's enum comes from its own copy of @stoplight/types.
const ERROR = 0;

export interface ContractCheckInput {
  readonly schemasDirectory: string;
  readonly asyncApiFile: string;
  /** Folders whose code publishes and handles messages (services/). */
  readonly codeDirectories: readonly string[];
}

/**
 * Everything `npm run contracts:check` verifies; returns the problems found (empty = fine).
 * - the AsyncAPI document is valid AsyncAPI 3;
 * - every schema declares a well-formed type, kind and owner, and is named after its type;
 * - every schema is referenced by a message in the AsyncAPI document, and every message there
 *   points at an existing schema;
 * - every type the code publishes or handles has a schema.
 */
export async function checkContracts(input: ContractCheckInput): Promise<string[]> {
  const problems: string[] = [];
  const raw = readFileSync(input.asyncApiFile, 'utf8');
  const { diagnostics } = await new Parser().parse(raw, {
    // Relative $refs (./messages/…) resolve against the document, not the working directory.
    source: resolve(input.asyncApiFile),
  });
  for (const diagnostic of diagnostics.filter((d) => Number(d.severity) === ERROR)) {
    problems.push(`asyncapi: ${diagnostic.message} at ${diagnostic.path.join('.') || '(root)'}`);
  }

  let schemas: SchemaFile[] = [];
  try {
    schemas = readSchemaFiles(input.schemasDirectory);
  } catch (error) {
    problems.push(`schemas: ${(error as Error).message}`);
  }
  for (const schema of schemas) {
    if (schema.file !== `${schema.type}.schema.json`)
      problems.push(`${schema.file}: must be named ${schema.type}.schema.json`);
    if (!['event', 'command', 'reply'].includes(schema.kind))
      problems.push(`${schema.file}: x-toevlucht-kind must be event, command or reply`);
    if (schema.owner === 'undefined' || schema.owner === '')
      problems.push(`${schema.file}: x-toevlucht-owner must name a service`);
    if (schema.schema['$schema'] !== 'https://json-schema.org/draft/2020-12/schema') {
      problems.push(`${schema.file}: $schema must be https://json-schema.org/draft/2020-12/schema`);
    }
  }

  let document: unknown;
  try {
    document = parseYaml(raw);
  } catch (error) {
    problems.push(`asyncapi: not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const referenced = referencedSchemaFiles(document);
  const files = new Set(schemas.map((schema) => schema.file));
  for (const schema of schemas) {
    if (!referenced.has(schema.file))
      problems.push(`${schema.file}: not referenced by any message in asyncapi.yaml`);
  }
  for (const file of referenced)
    if (!files.has(file)) problems.push(`asyncapi.yaml references ${file}, which does not exist`);

  const types = new Set(schemas.map((schema) => schema.type));
  for (const directory of input.codeDirectories) {
    for (const file of sourceFiles(directory)) {
      const used = typesUsedIn(readFileSync(file, 'utf8'));
      for (const type of used.handled)
        if (!types.has(type)) problems.push(`${file}: handles ${type}, which has no schema`);
      for (const type of used.published)
        if (!types.has(type)) problems.push(`${file}: publishes ${type}, which has no schema`);
    }
  }
  return problems;
}

/** File names of every `$ref: ./messages/<file>` (or similar) anywhere in the document. */
function referencedSchemaFiles(document: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.endsWith('.schema.json')) {
          found.add(value.split('/').at(-1) ?? value);
        } else walk(value);
      }
    }
  };
  walk(document);
  return found;
}
