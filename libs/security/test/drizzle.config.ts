import { defineConfig } from 'drizzle-kit';

// Migrations of the security integration tests only (`drizzle-kit generate --config` this file).
export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/security/test/audit-schema.ts',
  out: './libs/security/test/migrations',
});
