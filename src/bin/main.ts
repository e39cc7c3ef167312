import { registerSearchAttributes } from '../temporal/registerSearchAttributes';
import { migrateDatabase } from '../db/migrate';
import type { DevServer } from '../temporal/devServer';
import { DevServerSupervisor } from '../temporal/devServerSupervisor';
import { logger } from '../logger';
import { secureDataDir } from '../bootstrap/dataDir';
import { resealChannelSecrets } from '../channels/resealSecrets';
import { resealWebhookSecrets } from '../webhooks/resealSecrets';
import {
  bootstrapAdmin,
  chatGatewayOf,
  connectClient,
  ensureRetentionScheduleOf,
  channelSecretsOf,
  loadConfigOrExit,
  onShutdown,
  openDb,
  startApi,
  startCodecEndpoint,
  startTelegramPolling,
  startWorker,
  temporalAddress,
} from '../runtime';

/**
 * `npm start`: the whole product on one machine — the embedded Temporal dev
 * server (unless TEMPORAL_ADDRESS is set), the worker and the API.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  secureDataDir(config.DATA_DIR);
  const step = (text: string) => console.log(`• ${text}`);

  step(`database: ${config.DATABASE_URL} — applying migrations`);
  await migrateDatabase(config.DATABASE_URL);

  let devServer: DevServerSupervisor | null = null;
  let ui: DevServer | null = null;
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    // First, before any await: the Ctrl-C that brought us here reaches the dev server too
    // (one process group), and a server dying now must not be restarted and orphaned.
    devServer?.stopSupervising();
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((err: unknown) => logger.error({ err }, 'cleanup failed'));
    await devServer?.stop();
  };
  onShutdown(stopAll);
  // Opened first: the codec endpoint checks credentials against it in production.
  const db = await openDb(config);
  cleanups.push(() => db.$disconnect());
  if (!config.TEMPORAL_ADDRESS) {
    // Histories hold ciphertext: the Web UI reads them through this codec endpoint.
    const codecServer = await startCodecEndpoint(config, db);
    cleanups.push(() => codecServer.close());
    step(`temporal: starting the dev server (data in ${config.DATA_DIR})`);
    devServer = new DevServerSupervisor(
      {
        uiCodecEndpoint: codecServer.url,
        dataDir: config.DATA_DIR,
        host: config.HOST,
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        onLog: (line) => logger.debug({ source: 'temporal' }, line),
      },
      {
        onRestart: (attempt, reason) =>
          logger.error({ attempt, reason }, 'temporal dev server stopped; restarting it on the same data'),
        onGiveUp: (err) => {
          logger.fatal({ err }, 'temporal dev server could not be restarted; exiting so a supervisor restarts Atende');
          void stopAll().finally(() => process.exit(1));
        },
      },
      config.DEV_SERVER_RESTART_ATTEMPTS,
    );
    ui = await devServer.start();
  }
  const address = temporalAddress(config);
  try {
    step(`temporal: connecting to ${address}, namespace ${config.TEMPORAL_NAMESPACE}`);
    const client = await connectClient(config, address, db);
    cleanups.push(() => client.connection.close());
    const added = await registerSearchAttributes(client.connection, config.TEMPORAL_NAMESPACE);
    if (added.length > 0) step(`temporal: registered search attributes ${added.join(', ')}`);
    const retention = await ensureRetentionScheduleOf(config, client);
    if (retention !== 'unchanged') step(`temporal: retention schedule ${retention} (${config.RETENTION_SCHEDULE})`);

    const resealed = await resealChannelSecrets(db, channelSecretsOf(config));
    if (resealed > 0) step(`channels: encrypted the credentials of ${resealed} channel(s) under the current key`);
    const resealedHooks = await resealWebhookSecrets(db, channelSecretsOf(config));
    if (resealedHooks > 0)
      step(`webhooks: encrypted the secrets of ${resealedHooks} subscription(s) under the current key`);
    await bootstrapAdmin(config, db);

    step(`worker: task queue ${config.TEMPORAL_TASK_QUEUE} (bundling workflows…)`);
    const worker = await startWorker(config, address, db);
    cleanups.push(async () => {
      worker.shutdown();
      await worker.running;
      await worker.connection.close();
    });

    const gateway = chatGatewayOf(config, db, client);
    const api = await startApi(config, db, client, gateway);
    cleanups.push(() => api.close());
    const polling = await startTelegramPolling(config, db, gateway);
    cleanups.push(() => polling.stop());

    console.log('\nAtende is running');
    console.log(`  API            http://${config.HOST}:${config.PORT}  (health: /health, docs: /docs)`);
    console.log(`  Console        http://${config.HOST}:${config.PORT}/console`);
    console.log(`  Temporal       ${address}  namespace ${config.TEMPORAL_NAMESPACE}`);
    if (ui)
      console.log(
        `  Temporal Web UI ${ui.uiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows  (decrypted by the codec endpoint on port ${config.CODEC_PORT})`,
      );
    console.log('  Ctrl-C stops everything.\n');

    worker.running.catch(async (err: unknown) => {
      logger.fatal({ err }, 'worker stopped unexpectedly');
      await stopAll();
      process.exit(1);
    });
  } catch (err) {
    await stopAll();
    throw err;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
