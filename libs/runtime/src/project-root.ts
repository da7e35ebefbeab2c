import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository (or image) root: the nearest folder above `from` holding package.json.
 * Compiled code runs from dist/, sources from the tree, tests from Jest: all find the same root,
 * and with it the migrations folders and the version.
 */
export function findProjectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'services'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`No project root (package.json with services/) above ${from}`);
    dir = parent;
  }
}

export function projectVersion(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

export function migrationsFolderOf(root: string, service: string): string {
  return join(root, 'services', service, 'migrations');
}
