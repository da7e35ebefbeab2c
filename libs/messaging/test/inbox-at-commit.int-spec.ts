import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';
import { AmqpContext, createEnvelope, Inbox } from '@toevlucht/messaging';
import { atCommit, ensureDatabase, TransactionRunner } from '@toevlucht/persistence';
import { testDatabase, type TestDatabase } from '@toevlucht/testing';

/**
 * Inbox.handleOnceAtCommit on real PostgreSQL: the inbox row goes with the COMMIT, and still
 * each message id has its effect once, a duplicate resolves 'duplicate' (also when its work
 * fails this time), and a failing message leaves nothing behind and can be handled later.
 */
describe('the inbox with its row written at commit', () => {
  let database: TestDatabase;
  let pool: Pool;
  let inbox: Inbox;
  const queue = 'test-inbox-at-commit';

  beforeAll(async () => {
    database = testDatabase('inbox_at_commit');
    await ensureDatabase(database.url);
    pool = new Pool({ connectionString: database.url, max: 4 });
    await pool.query(`CREATE TABLE inbox (consumer text NOT NULL, message_id text NOT NULL,
      message_type text NOT NULL, handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id))`);
    await pool.query('CREATE TABLE effects (message_id text NOT NULL, kind text NOT NULL)');
    inbox = new Inbox(new TransactionRunner(drizzle(pool)));
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  function delivery(id: string = randomUUID()): AmqpContext {
    const envelope = { ...createEnvelope('test', 'test.thing.happened.v1', {}), id };
    return new AmqpContext([envelope, queue, 1, {} as ConsumeMessage]);
  }

  /** An effect written in the transaction, and one queued for the commit (as the audit is). */
  function effect(context: AmqpContext) {
    return async (tx: Parameters<Parameters<Inbox['handleOnceAtCommit']>[1]>[0]) => {
      await tx.execute(sql`INSERT INTO effects VALUES (${context.envelope.id}, 'in-transaction')`);
      atCommit(tx, `INSERT INTO effects VALUES ('${context.envelope.id}', 'at-commit')`);
    };
  }

  async function effectsOf(id: string): Promise<string[]> {
    const { rows } = await pool.query<{ kind: string }>(
      'SELECT kind FROM effects WHERE message_id = $1 ORDER BY kind',
      [id],
    );
    return rows.map((row) => row.kind);
  }

  it('has the effect once: a redelivery runs, is rolled back and resolves duplicate', async () => {
    const context = delivery();
    expect(await inbox.handleOnceAtCommit(context, effect(context))).toBe('handled');
    expect(await inbox.handleOnceAtCommit(context, effect(context))).toBe('duplicate');
    expect(await effectsOf(context.envelope.id)).toEqual(['at-commit', 'in-transaction']);
    const { rows } = await pool.query('SELECT 1 FROM inbox WHERE message_id = $1', [
      context.envelope.id,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('resolves duplicate, not the error, when a message handled before fails this time', async () => {
    const context = delivery();
    await inbox.handleOnceAtCommit(context, effect(context));
    const failing = inbox.handleOnceAtCommit(context, () =>
      Promise.reject(new Error('not the same world any more')),
    );
    await expect(failing).resolves.toBe('duplicate');
  });

  it('leaves nothing of a failing message, which is handled when delivered again', async () => {
    const context = delivery();
    await expect(
      inbox.handleOnceAtCommit(context, async (tx) => {
        await effect(context)(tx);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await effectsOf(context.envelope.id)).toEqual([]);
    expect(await inbox.handleOnceAtCommit(context, effect(context))).toBe('handled');
    expect(await effectsOf(context.envelope.id)).toEqual(['at-commit', 'in-transaction']);
  });

  it('gives one of two concurrent deliveries of a message its effect', async () => {
    const context = delivery();
    const outcomes = await Promise.all([
      inbox.handleOnceAtCommit(context, effect(context)),
      inbox.handleOnceAtCommit(context, effect(context)),
    ]);
    expect(outcomes.sort()).toEqual(['duplicate', 'handled']);
    expect(await effectsOf(context.envelope.id)).toEqual(['at-commit', 'in-transaction']);
  });

  it('keeps other messages apart: distinct ids each have their effect', async () => {
    const contexts = [delivery(), delivery(), delivery()];
    const outcomes = await Promise.all(
      contexts.map((context) => inbox.handleOnceAtCommit(context, effect(context))),
    );
    expect(outcomes).toEqual(['handled', 'handled', 'handled']);
    for (const context of contexts)
      expect(await effectsOf(context.envelope.id)).toEqual(['at-commit', 'in-transaction']);
  });
});
