import { Placeholder, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Transaction } from './transactions';

const dialect = new PgDialect();

/**
 * A statement for a hot path: its text is built once, and PostgreSQL parses and plans it once
 * per connection (a named prepared statement), where a query builder rebuilds the text on every
 * call and the server parses it every time. The values are named: write the statement with
 * `PreparedStatement.param('name')` and pass `{ name: value }` to `run`.
 *
 * The values go to the driver as they are (no column mapping): a string, number, boolean, Date
 * or null, or an array for a PostgreSQL array parameter. For a `jsonb` parameter pass the JSON
 * text (`JSON.stringify`) and cast it (`::jsonb`), since the driver would turn a JavaScript
 * array into a PostgreSQL array literal. Rows come back as the driver parses them, keyed by
 * column name, with timestamps as PostgreSQL's text.
 */
export class PreparedStatement<Row extends Record<string, unknown> = Record<string, unknown>> {
  private readonly query: { sql: string; params: unknown[] };

  /** `name` must be unique in the process: the server keeps one plan per name and connection. */
  constructor(
    readonly name: string,
    statement: SQL,
  ) {
    this.query = dialect.sqlToQuery(statement);
    for (const param of this.query.params) {
      if (!(param instanceof Placeholder)) {
        throw new Error(`prepared statement ${name}: values must be named parameters`);
      }
    }
  }

  /** A named value of the statement (`$n` in its text). */
  static param(name: string): Placeholder {
    return sql.placeholder(name);
  }

  /** Runs the statement in `tx` with these values. */
  async run(tx: Transaction, values: Record<string, unknown>): Promise<Row[]> {
    const result = (await tx._.session
      .prepareQuery(this.query, undefined, this.name, false)
      .execute(values)) as { rows: Row[] };
    return result.rows;
  }
}
