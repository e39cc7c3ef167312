import {
  bootstrapAdmin,
  closeServer,
  connectClient,
  loadConfigOrExit,
  onShutdown,
  openDb,
  startApi,
  temporalAddress,
} from '../runtime';

/**
 * `npm run api`: the API alone, against an existing Temporal server. Run
 * `npm run db:migrate` first: migrations need the database to themselves.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const db = await openDb(config);
  await bootstrapAdmin(config, db);
  const client = await connectClient(temporalAddress(config), config.TEMPORAL_NAMESPACE);
  const server = await startApi(config, db, client);
  console.log(`API listening on http://${config.HOST}:${config.PORT} (Temporal ${temporalAddress(config)})`);
  onShutdown(async () => {
    await closeServer(server);
    await client.connection.close();
    await db.$disconnect();
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
