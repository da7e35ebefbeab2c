import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { LOCAL_AMQP_URL } from '@toevlucht/config';
import { testPostgresServerUrl } from '@toevlucht/testing';

/**
 * The benchmarks' own corner of the shared broker and database server: a vhost and databases
 * named `bench…`, created fresh and removed afterwards, so a benchmark neither sees nor
 * disturbs what other people's tests and meshes run on the same machine at the same time.
 */
const run = promisify(execFile);

export interface BenchVhost {
  readonly name: string;
  readonly amqpUrl: string;
  remove(): Promise<void>;
}

/** A fresh vhost `bench-<purpose>-<hex>` on the local broker, guest allowed everything in it. */
export async function benchVhost(purpose: string): Promise<BenchVhost> {
  const name = `bench-${purpose}-${randomBytes(3).toString('hex')}`;
  await run('rabbitmqctl', ['-q', 'add_vhost', name]);
  await run('rabbitmqctl', ['-q', 'set_permissions', '-p', name, 'guest', '.*', '.*', '.*']);
  const base = process.env['AMQP_URL'] ?? LOCAL_AMQP_URL;
  return {
    name,
    amqpUrl: `${base.replace(/\/+$/, '')}/${encodeURIComponent(name)}`,
    remove: async () => {
      await run('rabbitmqctl', ['-q', 'delete_vhost', name]);
    },
  };
}

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  create(): Promise<void>;
  drop(): Promise<void>;
}

/** A database `bench_<purpose>_<hex>` on the shared server (created by `create()` or a service). */
export function benchDatabase(purpose: string): BenchDatabase {
  const name = `bench_${purpose.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  const server = testPostgresServerUrl();
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: `${server}/postgres` });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url: `${server}/${name}`,
    create: () => admin(`CREATE DATABASE "${name}"`),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
