export * from './database-health';
export * from './ensure-database';
export * from './migrations';
export * from './persistence.module';
export * from './postgres-url';
export * from './transactions';
export * from './postgres-errors';
export * from './prepared-statement';
