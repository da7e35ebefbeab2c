/**
 * The simulator's file system: three folders in memory (in/, out/, archive/), enough for the
 * Orafin drop. Paths are absolute (`/in/TVL_IN_000001.txt`); a folder holds files only.
 */
export const FOLDERS = ['/in', '/out', '/archive'] as const;

export interface VirtualFile {
  content: Buffer;
  readonly createdAt: Date;
  modifiedAt: Date;
}

export class VirtualFiles {
  private readonly files = new Map<string, VirtualFile>();

  static normalise(path: string): string {
    const parts: string[] = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return `/${parts.join('/')}`;
  }

  isFolder(path: string): boolean {
    return path === '/' || (FOLDERS as readonly string[]).includes(path);
  }

  folderOf(path: string): string {
    return path.slice(0, path.lastIndexOf('/')) || '/';
  }

  /** A file may only live directly in one of the folders. */
  canHold(path: string): boolean {
    return (FOLDERS as readonly string[]).includes(this.folderOf(path));
  }

  get(path: string): VirtualFile | undefined {
    return this.files.get(path);
  }

  put(path: string, content: Buffer): void {
    const existing = this.files.get(path);
    const now = new Date();
    if (existing === undefined) this.files.set(path, { content, createdAt: now, modifiedAt: now });
    else Object.assign(existing, { content, modifiedAt: now });
  }

  remove(path: string): boolean {
    return this.files.delete(path);
  }

  move(from: string, to: string): void {
    const file = this.files.get(from);
    if (file === undefined) throw new Error('no such file');
    this.files.delete(from);
    this.files.set(to, file);
  }

  list(folder: string): { name: string; file: VirtualFile }[] {
    if (folder === '/') return [];
    const prefix = `${folder}/`;
    return [...this.files.entries()]
      .filter(([path]) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
      .map(([path, file]) => ({ name: path.slice(prefix.length), file }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
