import { existsSync, readFileSync, statSync } from 'node:fs';

/** What the renderer reads, so its tests can hand it files kept in memory. */
export interface FileSource {
  read(path: string): string;
  isDirectory(path: string): boolean;
  exists(path: string): boolean;
}

export const DISK: FileSource = {
  read: (path) => readFileSync(path, 'utf8'),
  isDirectory: (path) => existsSync(path) && statSync(path).isDirectory(),
  exists: (path) => existsSync(path),
};

/** Files given by path (folders are implied by the paths under them). */
export function inMemory(files: Readonly<Record<string, string>>): FileSource {
  const paths = Object.keys(files);
  const isDirectory = (path: string) => paths.some((file) => file.startsWith(`${path}/`));
  return {
    read: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no such file: ${path}`);
      return text;
    },
    isDirectory,
    exists: (path) => path in files || isDirectory(path),
  };
}
