import { Pool } from 'pg';
import { baselineDocument } from './baseline-document';

export const BASELINE_CLIENTS = 10;

/**
 * Raw pg, the upper bound of a service's write path on this server: `transactions`
 * transactions from 10 clients at once, each inserting the 1 KB document as JSONB plus an
 * outbox row and committing (one fsync each, as every registration pays). Transactions/s.
 */
export async function postgresBaseline(databaseUrl: string, transactions: number): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: BASELINE_CLIENTS });
  try {
    await pool.query(`CREATE TABLE documents (id bigserial PRIMARY KEY, body jsonb NOT NULL);
      CREATE TABLE outbox (seq bigserial PRIMARY KEY, payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())`);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: BASELINE_CLIENTS }, async () => {
        const client = await pool.connect();
        try {
          while (next < transactions) {
            const sequence = next++;
            await client.query('BEGIN');
            const { rows } = await client.query<{ id: string }>(
              'INSERT INTO documents (body) VALUES ($1) RETURNING id',
              [baselineDocument(sequence)],
            );
            await client.query('INSERT INTO outbox (payload) VALUES ($1)', [
              { documentId: rows[0]?.id },
            ]);
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      }),
    );
    return Math.round(transactions / ((performance.now() - started) / 1000));
  } finally {
    await pool.end();
  }
}
