import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { HealthCheckRegistry, LOGGER, type Logger } from '@toevlucht/observability';
import { DatabaseHealthCheck } from './database-health';
import { createServicePool } from './service-pool';
import { TransactionRunner } from './transactions';

export interface PersistenceSettings {
  readonly url: string;
  readonly poolMax: number;
  /** How long to wait for a connection from the pool before failing. */
  readonly connectionTimeoutMs: number;
}

/** Injection tokens: the pg pool and the drizzle database on top of it. */
export const PG_POOL = Symbol('PG_POOL');
export const DATABASE = Symbol('DATABASE');

/**
 * The service's own PostgreSQL database: a pg pool, drizzle on top, a TransactionRunner, and
 * 'database' in readiness. The pool closes only at application shutdown, after the HTTP server
 * has finished in-flight requests (Nest closes the server before onApplicationShutdown).
 */
@Global()
@Module({})
export class PersistenceModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly healthChecks: HealthCheckRegistry,
  ) {}

  static forRoot(settings: PersistenceSettings): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: PG_POOL,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            createServicePool(
              {
                connectionString: settings.url,
                max: settings.poolMax,
                connectionTimeoutMillis: settings.connectionTimeoutMs,
              },
              logger,
            ),
        },
        { provide: DATABASE, inject: [PG_POOL], useFactory: (pool: Pool) => drizzle(pool) },
        {
          provide: TransactionRunner,
          inject: [DATABASE],
          useFactory: (db: ReturnType<typeof drizzle>) => new TransactionRunner(db),
        },
      ],
      exports: [PG_POOL, DATABASE, TransactionRunner],
    };
  }

  onModuleInit(): void {
    this.healthChecks.register(new DatabaseHealthCheck(this.pool));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
