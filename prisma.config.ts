import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { resolveDatabaseUrl, sqlitePathFromUrl } from './src/config/paths';

// Prisma 6 with the JS schema engine and a driver adapter: no native engine
// binary is downloaded, so the CLI works offline.
const databaseUrl = resolveDatabaseUrl();
process.env.DATABASE_URL = databaseUrl;

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  async adapter() {
    const file = sqlitePathFromUrl(databaseUrl);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: file });
  },
});
