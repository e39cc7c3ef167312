import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../config/paths';

/**
 * Brings the database at `databaseUrl` up to date by running the Prisma CLI's
 * `migrate deploy` (the JS schema engine: no binary download). The same
 * command `npm run setup` runs; `npm start` runs it at every boot.
 */
export async function migrateDatabase(databaseUrl: string, onOutput?: (line: string) => void): Promise<void> {
  const cli = path.join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim() && onOutput) onOutput(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy exited ${code}:\n${output}`)),
    );
  });
}
