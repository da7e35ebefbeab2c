import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/orafin-adapter/src/persistence/schema.ts',
  out: './services/orafin-adapter/migrations',
});
