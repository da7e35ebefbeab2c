/**
 * The registration database schema, the input of drizzle-kit (`npm run db:generate`). Every table
 * the service owns is exported from here; migrations are generated from it and committed.
 */
export { inbox, outbox } from '@toevlucht/messaging';
export { auditLog } from '@toevlucht/security';
export * from './tables';
