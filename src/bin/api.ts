import {
  bootstrapAdmin,
  chatGatewayOf,
  channelSecretsOf,
  connectClient,
  loadConfigOrExit,
  onShutdown,
  openDb,
  startApi,
  startTelegramPolling,
  temporalAddress,
} from '../runtime';
import { secureDataDir } from '../bootstrap/dataDir';
import { resealChannelSecrets } from '../channels/resealSecrets';
import { resealWebhookSecrets } from '../webhooks/resealSecrets';

/**
 * `npm run api`: the API alone, against an existing Temporal server. Run
 * `npm run db:migrate` first: migrations need the database to themselves.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  secureDataDir(config.DATA_DIR);
  const db = await openDb(config);
  await resealChannelSecrets(db, channelSecretsOf(config));
  await resealWebhookSecrets(db, channelSecretsOf(config));
  await bootstrapAdmin(config, db);
  const client = await connectClient(config, temporalAddress(config), db);
  const gateway = chatGatewayOf(config, db, client);
  const api = await startApi(config, db, client, gateway);
  const polling = await startTelegramPolling(config, db, gateway);
  console.log(`API listening on http://${config.HOST}:${config.PORT} (Temporal ${temporalAddress(config)})`);
  onShutdown(async () => {
    await polling.stop();
    await api.close();
    await client.connection.close();
    await db.$disconnect();
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
