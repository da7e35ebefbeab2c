import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';

/**
 * The baseline of `bench:gateway`: a bare NestJS endpoint doing the raw work of a registration,
 * one transaction inserting the body as JSONB plus an outbox row, with no validation,
 * encryption, audit or authentication. Run as its own process (PORT, DATABASE_URL).
 */
const POOL = Symbol('POOL');

@Controller()
class BareController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Post('dossiers')
  @HttpCode(201)
  async create(@Body() body: unknown): Promise<{ id: string }> {
    const id = randomUUID();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO bare_dossiers (id, body) VALUES ($1, $2)', [id, body]);
      await client.query('INSERT INTO bare_outbox (id, payload) VALUES ($1, $2)', [
        randomUUID(),
        { dossierId: id },
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    return { id };
  }
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS bare_dossiers (id uuid PRIMARY KEY, body jsonb NOT NULL);
    CREATE TABLE IF NOT EXISTS bare_outbox (id uuid PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  @Module({ controllers: [BareController], providers: [{ provide: POOL, useValue: pool }] })
  class BareModule {}
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env['PORT']));
  process.stdout.write('ready\n');
  process.once(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

void main();
