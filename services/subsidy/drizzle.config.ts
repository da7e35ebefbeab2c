import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/subsidy/src/persistence/schema.ts',
  out: './services/subsidy/migrations',
});
