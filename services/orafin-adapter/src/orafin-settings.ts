import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, positiveInt } from '@toevlucht/config';

const SERVICE = 'orafin-adapter';

/** The adapter's own configuration, validated at start; a bad value names its variable. */
export interface OrafinSettings {
  readonly sftp: {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string | undefined;
    readonly privateKey: string | undefined;
    readonly hostKeySha256: string | undefined;
    readonly timeoutMs: number;
  };
  readonly folders: {
    readonly inbound: string;
    readonly outbound: string;
    readonly archive: string;
  };
  readonly senderId: string;
  readonly batch: { readonly maxSize: number; readonly maxWaitMs: number };
  /** How often pending orders are cut into files and prepared files uploaded. */
  readonly uploadIntervalMs: number;
  /** How often Orafin's outbound folder is read for OutFiles and BetFiles. */
  readonly answerPollIntervalMs: number;
  /** Ceiling of the doubling wait after consecutive failures to reach the drop. */
  readonly retryMaxDelayMs: number;
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : value));
const text = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : value));

export function loadOrafinSettings(env: NodeJS.ProcessEnv): OrafinSettings {
  const parsed = z
    .object({
      ORAFIN_SFTP_HOST: text('127.0.0.1'),
      ORAFIN_SFTP_PORT: positiveInt(3022, 65_535),
      ORAFIN_SFTP_USERNAME: text('toevlucht'),
      ORAFIN_SFTP_PASSWORD: optionalText,
      ORAFIN_SFTP_PRIVATE_KEY_FILE: optionalText,
      ORAFIN_SFTP_HOST_KEY_SHA256: optionalText,
      ORAFIN_SFTP_TIMEOUT_MS: positiveInt(10_000, 600_000),
      ORAFIN_SFTP_IN_FOLDER: text('/in'),
      ORAFIN_SFTP_OUT_FOLDER: text('/out'),
      ORAFIN_SFTP_ARCHIVE_FOLDER: text('/archive'),
      ORAFIN_SENDER_ID: text('TOEVLUCHT'),
      ORAFIN_BATCH_MAX_SIZE: positiveInt(500, 999_999),
      ORAFIN_BATCH_MAX_WAIT_MS: positiveInt(60_000, 86_400_000),
      ORAFIN_UPLOAD_INTERVAL_MS: positiveInt(5_000, 3_600_000),
      ORAFIN_ANSWER_POLL_INTERVAL_MS: positiveInt(30_000, 3_600_000),
      ORAFIN_RETRY_MAX_DELAY_MS: positiveInt(60_000, 3_600_000),
    })
    .safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      SERVICE,
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(unknown)'),
        problem: issue.message,
      })),
    );
  }
  const e = parsed.data;
  // Outside production the simulator's password works by default, so `npm start` needs nothing.
  const password =
    e.ORAFIN_SFTP_PASSWORD ??
    (env['NODE_ENV'] === 'production' || e.ORAFIN_SFTP_PRIVATE_KEY_FILE !== undefined
      ? undefined
      : 'toevlucht');
  if (password === undefined && e.ORAFIN_SFTP_PRIVATE_KEY_FILE === undefined) {
    throw new ConfigError(SERVICE, [
      { variable: 'ORAFIN_SFTP_PASSWORD', problem: 'set it or ORAFIN_SFTP_PRIVATE_KEY_FILE' },
    ]);
  }
  return {
    sftp: {
      host: e.ORAFIN_SFTP_HOST,
      port: e.ORAFIN_SFTP_PORT,
      username: e.ORAFIN_SFTP_USERNAME,
      password,
      privateKey:
        e.ORAFIN_SFTP_PRIVATE_KEY_FILE === undefined
          ? undefined
          : readFileSync(e.ORAFIN_SFTP_PRIVATE_KEY_FILE, 'utf8'),
      hostKeySha256: e.ORAFIN_SFTP_HOST_KEY_SHA256,
      timeoutMs: e.ORAFIN_SFTP_TIMEOUT_MS,
    },
    folders: {
      inbound: e.ORAFIN_SFTP_IN_FOLDER,
      outbound: e.ORAFIN_SFTP_OUT_FOLDER,
      archive: e.ORAFIN_SFTP_ARCHIVE_FOLDER,
    },
    senderId: e.ORAFIN_SENDER_ID,
    batch: { maxSize: e.ORAFIN_BATCH_MAX_SIZE, maxWaitMs: e.ORAFIN_BATCH_MAX_WAIT_MS },
    uploadIntervalMs: e.ORAFIN_UPLOAD_INTERVAL_MS,
    answerPollIntervalMs: e.ORAFIN_ANSWER_POLL_INTERVAL_MS,
    retryMaxDelayMs: e.ORAFIN_RETRY_MAX_DELAY_MS,
  };
}
