import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SchemaFile {
  readonly file: string;
  readonly type: string;
  readonly kind: string;
  readonly owner: string;
  readonly schema: Record<string, unknown>;
}

/** Every `<type>.schema.json` in a folder, with the type each declares. */
export function readSchemaFiles(directory: string): SchemaFile[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.schema.json'))
    .sort()
    .map((file) => {
      const schema = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Record<
        string,
        unknown
      >;
      return {
        file,
        type: String(schema['x-toevlucht-type']),
        kind: String(schema['x-toevlucht-kind']),
        owner: String(schema['x-toevlucht-owner']),
        schema,
      };
    });
}

/** TypeScript source files below a folder, skipping tests and build output. */
export function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', 'test', 'migrations'].includes(entry.name)) walk(path);
      } else if (entry.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(entry.name)) {
        files.push(path);
      }
    }
  };
  walk(directory);
  return files;
}

const HANDLED = /@(?:EventPattern|MessagePattern)(?:<[^>]*>)?\(\s*'([^']+)'/g;
const PUBLISHED = /\.publish(?:<[^>]*>)?\(\s*(?:tx\s*,\s*)?'([a-z][a-z0-9.-]+\.v\d+)'/g;

/** Message types a source file handles (`@EventPattern('x')`) or publishes (`.publish(tx, 'x', …)`). */
export function typesUsedIn(source: string): { handled: string[]; published: string[] } {
  return {
    handled: [...source.matchAll(HANDLED)].map((match) => match[1] ?? ''),
    published: [...source.matchAll(PUBLISHED)].map((match) => match[1] ?? ''),
  };
}
