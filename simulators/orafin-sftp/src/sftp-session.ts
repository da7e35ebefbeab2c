import { type SFTPWrapper, utils } from 'ssh2';
import type { SftpFaults } from './faults';
import { VirtualFiles } from './virtual-files';

const { OPEN_MODE, STATUS_CODE } = utils.sftp;
const FILE_MODE = 0o100644;
const FOLDER_MODE = 0o040755;

type Handle =
  | { readonly kind: 'read'; readonly path: string }
  | { readonly kind: 'write'; readonly path: string; readonly chunks: Map<number, Buffer> }
  | { readonly kind: 'folder'; readonly path: string; listed: boolean };

export interface SessionEvents {
  /** A complete file now exists under its final name in in/. */
  inFileArrived(path: string): void;
  /** An upload was failed on purpose (uploadFailureRate). */
  uploadFailed(): void;
}

/**
 * One client's SFTP subsystem over the virtual files: the requests an SFTP client needs to list,
 * read, write, rename and remove files, each answered through the current faults.
 */
export function serveSftp(
  sftp: SFTPWrapper,
  files: VirtualFiles,
  faults: () => SftpFaults,
  events: SessionEvents,
  random: () => number = Math.random,
): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  const answer = (respond: () => void, extraDelayMs = 0) => {
    const current = faults();
    if (current.hang) return;
    const delay = current.latencyMs + extraDelayMs;
    if (delay === 0) respond();
    else setTimeout(respond, delay);
  };
  const handleOf = (buffer: Buffer) =>
    buffer.length === 4 ? handles.get(buffer.readUInt32BE(0)) : undefined;
  const open = (handle: Handle) => {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(nextHandle, 0);
    handles.set(nextHandle, handle);
    nextHandle += 1;
    return buffer;
  };
  const fail = (reqid: number, code: number, message: string) =>
    answer(() => sftp.status(reqid, code, message));
  const attrsOf = (path: string) => {
    if (files.isFolder(path))
      return { mode: FOLDER_MODE, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 };
    const file = files.get(path);
    if (file === undefined) return null;
    const mtime = Math.floor(file.modifiedAt.getTime() / 1000);
    return { mode: FILE_MODE, uid: 0, gid: 0, size: file.content.length, atime: mtime, mtime };
  };
  const arrivedInIn = (path: string) => {
    if (files.folderOf(path) === '/in' && !path.endsWith('.part')) events.inFileArrived(path);
  };

  sftp
    .on('REALPATH', (reqid, path) =>
      answer(() =>
        sftp.name(reqid, [
          { filename: VirtualFiles.normalise(path), longname: '', attrs: {} as never },
        ]),
      ),
    )
    .on('STAT', (reqid, path) => stat(reqid, path))
    .on('LSTAT', (reqid, path) => stat(reqid, path))
    .on('FSTAT', (reqid, buffer) => {
      const handle = handleOf(buffer);
      if (handle === undefined) return fail(reqid, STATUS_CODE.FAILURE, 'bad handle');
      stat(reqid, handle.path);
    })
    .on('FSETSTAT', (reqid) => answer(() => sftp.status(reqid, STATUS_CODE.OK)))
    .on('SETSTAT', (reqid) => answer(() => sftp.status(reqid, STATUS_CODE.OK)))
    .on('OPEN', (reqid, rawPath, flags) => {
      const path = VirtualFiles.normalise(rawPath);
      if ((flags & OPEN_MODE.WRITE) !== 0) {
        if (!files.canHold(path)) return fail(reqid, STATUS_CODE.PERMISSION_DENIED, 'not here');
        if ((flags & OPEN_MODE.EXCL) !== 0 && files.get(path) !== undefined) {
          return fail(reqid, STATUS_CODE.FAILURE, 'file exists');
        }
        const handle = open({ kind: 'write', path, chunks: new Map() });
        return answer(() => sftp.handle(reqid, handle));
      }
      if (files.get(path) === undefined)
        return fail(reqid, STATUS_CODE.NO_SUCH_FILE, 'no such file');
      const handle = open({ kind: 'read', path });
      answer(() => sftp.handle(reqid, handle));
    })
    .on('WRITE', (reqid, buffer, offset, data) => {
      const handle = handleOf(buffer);
      if (handle?.kind !== 'write') return fail(reqid, STATUS_CODE.FAILURE, 'bad handle');
      if (faults().diskFull) return fail(reqid, STATUS_CODE.FAILURE, 'No space left on device');
      handle.chunks.set(offset, Buffer.from(data));
      answer(() => sftp.status(reqid, STATUS_CODE.OK));
    })
    .on('READ', (reqid, buffer, offset, length) => {
      const handle = handleOf(buffer);
      const file = handle?.kind === 'read' ? files.get(handle.path) : undefined;
      if (file === undefined) return fail(reqid, STATUS_CODE.FAILURE, 'bad handle');
      if (offset >= file.content.length) return answer(() => sftp.status(reqid, STATUS_CODE.EOF));
      const chunk = file.content.subarray(offset, offset + length);
      answer(() => sftp.data(reqid, chunk));
    })
    .on('CLOSE', (reqid, buffer) => {
      const handle = handleOf(buffer);
      if (handle === undefined) return fail(reqid, STATUS_CODE.FAILURE, 'bad handle');
      handles.delete(buffer.readUInt32BE(0));
      if (handle.kind === 'write') {
        // The file exists once closed: what a reader in in/ sees is always complete.
        const ordered = [...handle.chunks.entries()].sort(([a], [b]) => a - b);
        files.put(handle.path, Buffer.concat(ordered.map(([, chunk]) => chunk)));
        arrivedInIn(handle.path);
      }
      answer(() => sftp.status(reqid, STATUS_CODE.OK));
    })
    .on('OPENDIR', (reqid, rawPath) => {
      const path = VirtualFiles.normalise(rawPath);
      if (!files.isFolder(path)) return fail(reqid, STATUS_CODE.NO_SUCH_FILE, 'no such folder');
      const handle = open({ kind: 'folder', path, listed: false });
      answer(() => sftp.handle(reqid, handle));
    })
    .on('READDIR', (reqid, buffer) => {
      const handle = handleOf(buffer);
      if (handle?.kind !== 'folder') return fail(reqid, STATUS_CODE.FAILURE, 'bad handle');
      if (handle.listed) return answer(() => sftp.status(reqid, STATUS_CODE.EOF));
      handle.listed = true;
      const entries = files.list(handle.path).map(({ name }) => ({
        filename: name,
        longname: name,
        attrs: attrsOf(`${handle.path}/${name}`)!,
      }));
      answer(() => sftp.name(reqid, entries));
    })
    .on('REMOVE', (reqid, rawPath) => {
      const removed = files.remove(VirtualFiles.normalise(rawPath));
      if (!removed) return fail(reqid, STATUS_CODE.NO_SUCH_FILE, 'no such file');
      answer(() => sftp.status(reqid, STATUS_CODE.OK));
    })
    .on('RENAME', (reqid, rawFrom, rawTo) => {
      const from = VirtualFiles.normalise(rawFrom);
      const to = VirtualFiles.normalise(rawTo);
      if (files.get(from) === undefined)
        return fail(reqid, STATUS_CODE.NO_SUCH_FILE, 'no such file');
      // As OpenSSH: a rename never replaces an existing file.
      if (files.get(to) !== undefined) return fail(reqid, STATUS_CODE.FAILURE, 'file exists');
      if (!files.canHold(to)) return fail(reqid, STATUS_CODE.PERMISSION_DENIED, 'not here');
      const current = faults();
      if (current.archiveHang && files.folderOf(to) === '/archive') return;
      const intoIn = files.folderOf(to) === '/in';
      if (intoIn && random() < current.uploadFailureRate) {
        events.uploadFailed();
        return fail(reqid, STATUS_CODE.FAILURE, 'upload failed');
      }
      files.move(from, to);
      arrivedInIn(to);
      answer(() => sftp.status(reqid, STATUS_CODE.OK), intoIn ? current.renameReplyDelayMs : 0);
    })
    .on('MKDIR', (reqid) => fail(reqid, STATUS_CODE.PERMISSION_DENIED, 'fixed folders'))
    .on('RMDIR', (reqid) => fail(reqid, STATUS_CODE.PERMISSION_DENIED, 'fixed folders'));

  function stat(reqid: number, rawPath: string): void {
    const attrs = attrsOf(VirtualFiles.normalise(rawPath));
    if (attrs === null) return fail(reqid, STATUS_CODE.NO_SUCH_FILE, 'no such file');
    answer(() => sftp.attrs(reqid, attrs));
  }
}
