import { escapeIdentifier, type Pool } from 'pg';
import type { FieldCipher } from './field-cipher';

/**
 * Which columns of a service's database hold FieldCipher ciphertexts, and with which purpose
 * each was encrypted. Each service that encrypts declares this in
 * src/persistence/encrypted-columns.ts; tools/encrypted-columns.ts maps services to them.
 */
export type EncryptedColumns = readonly {
  readonly table: string;
  /** A unique, orderable column (the primary key): batches walk it in order. */
  readonly idColumn: string;
  readonly columns: readonly { readonly column: string; readonly purpose: string }[];
}[];

export interface ReencryptionOptions {
  readonly batchSize?: number;
  /** Count what would move, and check it decrypts, without writing. */
  readonly dryRun?: boolean;
  /** Called after each batch (committed, or counted in a dry run). */
  readonly onBatch?: (progress: ColumnProgress) => void;
}

export interface ColumnProgress {
  readonly table: string;
  /** Rows with at least one value under an old key. */
  readonly rows: number;
  /** Values moved (or, in a dry run, to move) to the current key, by column. */
  readonly values: Readonly<Record<string, number>>;
  /** Values found under each old key. */
  readonly byOldKey: Readonly<Record<string, number>>;
}

export interface ReencryptionReport {
  readonly currentKeyId: string;
  readonly dryRun: boolean;
  readonly tables: readonly ColumnProgress[];
}

/**
 * Moves every ciphertext made with an old key to the current key, table by table, in batches
 * along the id column, each batch one transaction that locks its rows (`FOR UPDATE`), so the
 * service can keep running and writing. Idempotent: only values under another key than the
 * current one are selected, so running it again, or after an interruption, continues where it
 * stopped and finishes with nothing left. Reports counts, never values or row ids.
 */
export async function reencryptColumns(
  pool: Pool,
  cipher: FieldCipher,
  declaration: EncryptedColumns,
  options: ReencryptionOptions = {},
): Promise<ReencryptionReport> {
  const batchSize = options.batchSize ?? 500;
  const dryRun = options.dryRun ?? false;
  const tables: ColumnProgress[] = [];
  for (const table of declaration) {
    const progress = {
      table: table.table,
      rows: 0,
      values: {} as Record<string, number>,
      byOldKey: {} as Record<string, number>,
    };
    for (const { column } of table.columns) progress.values[column] = 0;
    const id = escapeIdentifier(table.idColumn);
    const columns = table.columns.map(({ column }) => escapeIdentifier(column));
    const prefix = `v1.${cipher.currentKeyId}.`;
    // Values not (yet) under the current key; NULLs are nothing to move.
    const stale = columns
      .map((column) => `(${column} IS NOT NULL AND left(${column}, ${prefix.length}) <> $1)`)
      .join(' OR ');
    let after: unknown = undefined;
    for (;;) {
      const client = await pool.connect();
      let batch: Record<string, unknown>[];
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<Record<string, unknown>>(
          `SELECT ${id} AS id, ${columns.join(', ')} FROM ${qualified(table.table)}
            WHERE (${stale})${after === undefined ? '' : ` AND ${id} > $3`}
            ORDER BY ${id} LIMIT $2 FOR UPDATE`,
          after === undefined ? [prefix, batchSize] : [prefix, batchSize, after],
        );
        batch = rows;
        for (const row of rows) {
          const updates: string[] = [];
          for (const { column, purpose } of table.columns) {
            const value = row[column];
            if (typeof value !== 'string' || !cipher.needsReencryption(value)) continue;
            const oldKey = cipher.keyIdOf(value);
            const moved = cipher.reencrypt(value, purpose);
            progress.byOldKey[oldKey] = (progress.byOldKey[oldKey] ?? 0) + 1;
            progress.values[column] = (progress.values[column] ?? 0) + 1;
            updates.push(column);
            row[column] = moved;
          }
          if (updates.length === 0) continue;
          progress.rows += 1;
          if (dryRun) continue;
          await client.query(
            `UPDATE ${qualified(table.table)} SET ${updates
              .map((column, index) => `${escapeIdentifier(column)} = $${index + 2}`)
              .join(', ')} WHERE ${id} = $1`,
            [row['id'], ...updates.map((column) => row[column])],
          );
        }
        await client.query(dryRun ? 'ROLLBACK' : 'COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      options.onBatch?.({ ...progress });
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1]!['id'];
    }
    tables.push(progress);
  }
  return { currentKeyId: cipher.currentKeyId, dryRun, tables };
}

/** `table` or `schema.table`, each part quoted. */
function qualified(name: string): string {
  return name.split('.').map(escapeIdentifier).join('.');
}
