import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/registration/src/persistence/schema.ts',
  out: './services/registration/migrations',
});
