import { createHash } from 'node:crypto';
import { type ParsedKey, utils } from 'ssh2';
import { generateKeyPair } from '../../../simulators/orafin-sftp/src/key-pair';
import { OrafinSftpSimulator } from '../../../simulators/orafin-sftp/src/orafin-sftp-simulator';
import { DropUnavailableError } from '../src/payment-files/file-drop';
import { type SftpSettings, Ssh2FileDrop } from '../src/payment-files/ssh2-file-drop';

/** The adapter's SFTP drop against the simulator over a real socket, fault by fault. */
describe('Ssh2FileDrop against the Orafin SFTP simulator', () => {
  const clientKey = generateKeyPair();
  const hostKey = generateKeyPair();
  let simulator: OrafinSftpSimulator;

  beforeAll(async () => {
    simulator = new OrafinSftpSimulator({
      host: '127.0.0.1',
      sftpPort: 0,
      adminPort: 0,
      username: 'toevlucht',
      password: 'secret',
      authorizedKey: clientKey.public,
      hostKey: hostKey.private,
    });
    await simulator.start();
  });

  afterAll(async () => {
    await simulator.stop();
  });

  afterEach(() => {
    simulator.setFaults({
      authFailure: false,
      diskFull: false,
      hang: false,
      uploadFailureRate: 0,
    });
  });

  const drop = (overrides: Partial<SftpSettings> = {}) =>
    new Ssh2FileDrop({
      host: '127.0.0.1',
      port: simulator.sftpPort,
      username: 'toevlucht',
      password: 'secret',
      privateKey: undefined,
      hostKeySha256: undefined,
      timeoutMs: 2_000,
      ...overrides,
    });

  async function failure(work: Promise<unknown>): Promise<unknown> {
    try {
      await work;
    } catch (error) {
      return error;
    }
    throw new Error('the session succeeded');
  }

  it('uploads atomically and recognises the same file already there', async () => {
    const outcome = await drop().session(async (session) => [
      await session.uploadAtomically('/in', 'NOT_AN_INFILE_1.txt', 'content\n'),
      await session.uploadAtomically('/in', 'NOT_AN_INFILE_1.txt', 'content\n'),
      await session.list('/in'),
      await session.read('/in/NOT_AN_INFILE_1.txt'),
    ]);
    expect(outcome).toEqual(['written', 'already-there', ['NOT_AN_INFILE_1.txt'], 'content\n']);
  });

  it('never replaces a different file under the same name', async () => {
    await drop().session((session) =>
      session.uploadAtomically('/in', 'NOT_AN_INFILE_2.txt', 'first\n'),
    );
    const error = await failure(
      drop().session((session) =>
        session.uploadAtomically('/in', 'NOT_AN_INFILE_2.txt', 'other\n'),
      ),
    );
    expect(error).toBeInstanceOf(DropUnavailableError);
    expect(simulator.files.get('/in/NOT_AN_INFILE_2.txt')?.content.toString()).toBe('first\n');
  });

  it('logs in with a key, and checks the host key fingerprint when given', async () => {
    const hostPublic = utils.parseKey(hostKey.public) as ParsedKey;
    const fingerprint = createHash('sha256').update(hostPublic.getPublicSSH()).digest('base64');
    const withKey = drop({
      password: undefined,
      privateKey: clientKey.private,
      hostKeySha256: fingerprint,
    });
    await expect(withKey.session((session) => session.list('/out'))).resolves.toEqual([]);

    const wrongHost = drop({ hostKeySha256: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(await failure(wrongHost.session((session) => session.list('/out')))).toBeInstanceOf(
      DropUnavailableError,
    );
  });

  it('fails with a partner error when the login is refused', async () => {
    simulator.setFaults({ authFailure: true });
    const error = await failure(drop().session((session) => session.list('/out')));
    expect(error).toBeInstanceOf(DropUnavailableError);
    expect((error as Error).message).toMatch(/authentication/i);
  });

  it('fails an upload on a full disk and leaves no file under its final name', async () => {
    simulator.setFaults({ diskFull: true });
    const error = await failure(
      drop().session((session) => session.uploadAtomically('/in', 'NOT_AN_INFILE_3.txt', 'x\n')),
    );
    expect(error).toBeInstanceOf(DropUnavailableError);
    expect(simulator.files.get('/in/NOT_AN_INFILE_3.txt')).toBeUndefined();
  });

  it('gives up on a request the server never answers, within the timeout', async () => {
    simulator.setFaults({ hang: true });
    const error = await failure(
      drop({ timeoutMs: 500 }).session((session) => session.list('/out')),
    );
    expect(error).toBeInstanceOf(DropUnavailableError);
    expect((error as Error).message).toMatch(/timed out|closed/);
  });
});
