import path from 'node:path';
import { projectRoot } from '../../src/config/paths';
import { readState, startCluster, stopCluster } from './temporalCluster';

/**
 * `npm run cluster` starts a local Temporal cluster (docs/ARCHITECTURE.md,
 * "Production") and returns, leaving it running; `npm run cluster -- stop`
 * stops only what it started. Its data stay in .tools/cluster/ between runs
 * (not data/: that folder is private to this user, and PostgreSQL runs as
 * its own user when this runs as root).
 *   CLUSTER_DIR (default .tools/cluster), CLUSTER_PORT_BASE (default 17233)
 */
async function main(): Promise<void> {
  const dir = path.resolve(process.env.CLUSTER_DIR ?? path.join(projectRoot, '.tools', 'cluster'));
  const command = process.argv[2] ?? 'start';
  if (command === 'stop') {
    console.log((await stopCluster(dir)) ? `stopped the cluster in ${dir}` : `no cluster in ${dir}`);
    return;
  }
  if (command === 'status') {
    const state = readState(dir);
    console.log(state ? JSON.stringify({ ...state, password: undefined, databaseUrl: undefined }, null, 2) : 'none');
    return;
  }
  if (command !== 'start') throw new Error(`unknown command ${command}: start, stop or status`);
  const portBase = Number(process.env.CLUSTER_PORT_BASE ?? 17233);
  const state = await startCluster({ dir, portBase, log: (line) => console.log(`cluster: ${line}`) });
  console.log(`Temporal cluster running (logs in ${path.join(dir, 'logs')}). For Atende:`);
  console.log(`TEMPORAL_ADDRESS=${state.temporalAddress}`);
  console.log(`DATABASE_URL=${state.databaseUrl}`);
  console.log('Stop it with: npm run cluster -- stop');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
