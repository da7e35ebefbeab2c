import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/housing/src/persistence/schema.ts',
  out: './services/housing/migrations',
});
