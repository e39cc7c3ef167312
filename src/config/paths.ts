import path from 'node:path';

/** Project root (this file lives in src/config/). */
export const projectRoot = path.resolve(__dirname, '..', '..');

/** DATA_DIR resolved against the current directory, default ./data. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR && env.DATA_DIR.trim() !== '' ? env.DATA_DIR : 'data');
}

/**
 * DATABASE_URL, or the default SQLite file `atende.db` in DATA_DIR. Shared by
 * the app and prisma.config.ts so the CLI migrates the same file the app reads.
 */
export function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL && env.DATABASE_URL.trim() !== '') return env.DATABASE_URL;
  return `file:${path.join(resolveDataDir(env), 'atende.db')}`;
}

/** `file:./x.db` → absolute path of the SQLite file. */
export function sqlitePathFromUrl(url: string): string {
  return path.resolve(url.replace(/^file:/, '').replace(/\?.*$/, ''));
}
