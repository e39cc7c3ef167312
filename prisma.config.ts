import { defineConfig } from 'prisma/config';
import { resolveDatabaseUrl } from './src/config/paths';
import { createAdapter, prismaPaths } from './src/db/adapters';

// Prisma 6 with the JS schema engine and a driver adapter: no native engine
// binary is downloaded, so the CLI works offline. DATABASE_URL picks SQLite
// (prisma/) or PostgreSQL (prisma/postgresql/).
const databaseUrl = resolveDatabaseUrl();
process.env.DATABASE_URL = databaseUrl;
const paths = prismaPaths(databaseUrl);

export default defineConfig({
  experimental: { adapter: true },
  schema: paths.schema,
  migrations: { path: paths.migrations },
  engine: 'js',
  // The migration CLI runs alone in its process: it may wait out another process's write lock longer.
  adapter: async () => createAdapter(databaseUrl, { sqliteBusyTimeoutMs: 10_000 }),
});
