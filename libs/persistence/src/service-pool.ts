import { Client, type ClientConfig, Pool, type PoolConfig } from 'pg';
import type { Logger } from '@toevlucht/observability';

/**
 * The service's pg pool, safe against a database that goes away.
 *
 * pg emits 'error' on a client whose connection dies. The pool listens for that only while a
 * client is idle; a client checked out at that moment (a transaction, the outbox relay's
 * batch, a readiness check's `SELECT 1`) would throw the event at the process and end it.
 * So every client gets a listener for its whole life: the work it was doing still fails, with
 * the error in its own promise, and the pool discards the client when it comes back, because
 * pg has marked it unqueryable.
 */
export function createServicePool(config: PoolConfig, logger: Logger): Pool {
  const pool = new Pool(config);
  // The client's own listener logs the loss once, idle or in use; the pool's 'error' is the
  // same event again for an idle client (already dropped: the next checkout opens another).
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      logger.warn({ err: error }, 'PostgreSQL connection lost');
    });
  });
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A client of its own for one short job (creating the database, migrating). A lost connection
 * rejects the query being awaited, which is where the job reports it; without a listener the
 * same loss would also surface as an unhandled 'error' event and end the process mid-report.
 */
export async function connectOneShotClient(config: ClientConfig): Promise<Client> {
  const client = new Client(config);
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
