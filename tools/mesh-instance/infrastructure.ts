import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';

/**
 * The broker vhost and the databases of one mesh instance: made fresh at its start, removed by
 * destroy(). The vhost goes through rabbitmqctl (the broker here runs no management API);
 * databases through the application role, which creates and therefore owns them.
 */

const run = promisify(execFile);

/** Runs a rabbitmqctl command against one broker node and returns its output. */
export type Rabbitmqctl = (...args: string[]) => Promise<string>;

/** The machine's own broker node, through the packaged `rabbitmqctl`. */
export const localRabbitmqctl: Rabbitmqctl = async (...args) => {
  const { stdout } = await run('rabbitmqctl', ['--quiet', ...args], { timeout: 60_000 });
  return stdout;
};

async function vhostExists(vhost: string, rabbitmqctl: Rabbitmqctl): Promise<boolean> {
  const listed = await rabbitmqctl('list_vhosts', '--no-table-headers', 'name');
  return listed.split('\n').some((line) => line.trim() === vhost);
}

/** A new, empty vhost (an old one of the same name is deleted first) that guest may use. */
export async function freshVhost(
  vhost: string,
  user = 'guest',
  rabbitmqctl: Rabbitmqctl = localRabbitmqctl,
): Promise<void> {
  if (await vhostExists(vhost, rabbitmqctl)) await rabbitmqctl('delete_vhost', vhost);
  await rabbitmqctl('add_vhost', vhost);
  await rabbitmqctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*');
}

export async function deleteVhost(
  vhost: string,
  rabbitmqctl: Rabbitmqctl = localRabbitmqctl,
): Promise<void> {
  if (await vhostExists(vhost, rabbitmqctl)) await rabbitmqctl('delete_vhost', vhost);
}

/** Drops the databases (connections and all); the services create them again at start. */
export async function dropDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    for (const name of names) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
