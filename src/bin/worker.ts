import { registerSearchAttributes } from '../temporal/registerSearchAttributes';
import { secureDataDir } from '../bootstrap/dataDir';
import {
  connectClient,
  ensureRetentionScheduleOf,
  loadConfigOrExit,
  onShutdown,
  openDb,
  startWorker,
  temporalAddress,
} from '../runtime';
import { startWorkerHealth } from '../temporal/workerHealth';

/** `npm run worker`: chat workflows and activities, against an existing Temporal server. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  secureDataDir(config.DATA_DIR);
  const address = temporalAddress(config);
  const client = await connectClient(config, address);
  await registerSearchAttributes(client.connection, config.TEMPORAL_NAMESPACE);
  await ensureRetentionScheduleOf(config, client);
  await client.connection.close();
  const db = await openDb(config);
  const { worker, running, connection, shutdown } = await startWorker(config, address, db);
  console.log(
    `Worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${address} (namespace ${config.TEMPORAL_NAMESPACE})`,
  );
  const health = config.WORKER_HEALTH_PORT
    ? await startWorkerHealth(worker, config.HOST, config.WORKER_HEALTH_PORT)
    : undefined;
  if (health) console.log(`Worker health on http://${config.HOST}:${config.WORKER_HEALTH_PORT}/readyz`);
  onShutdown(async () => {
    // Drains: no new tasks; running activities get WORKER_SHUTDOWN_GRACE to finish.
    shutdown();
    await running;
    health?.close();
    await connection.close();
    await db.$disconnect();
  });
  await running;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
