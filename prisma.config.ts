import { defineConfig, env } from 'prisma/config';

// Used by the native Prisma CLI (`prisma generate`, and `prisma migrate status` where its engine is
// available). Migrations in this repo are made and applied by scripts/migrate.ts (WebAssembly engine).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: env('DATABASE_URL') },
});
