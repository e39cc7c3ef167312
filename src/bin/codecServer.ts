import { secureDataDir } from '../bootstrap/dataDir';
import { loadConfigOrExit, onShutdown, openDb, startCodecEndpoint } from '../runtime';

/**
 * `npm run codec-server`: the Web UI's codec endpoint alone, for a Temporal
 * server and UI that `npm start` did not start (docker-compose, a cluster).
 * Point the UI at it (`--ui-codec-endpoint`, or TEMPORAL_CODEC_ENDPOINT for
 * the temporalio/ui image), list the UI's origin in CODEC_ALLOWED_ORIGINS and
 * the endpoint's public name in CODEC_ALLOWED_HOSTS. In production it checks
 * each caller's Atende access token against the database. It reads the
 * chats' data keys from the database too (an erased person's payloads stay
 * unreadable).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  secureDataDir(config.DATA_DIR);
  const db = await openDb(config);
  const server = await startCodecEndpoint(config, db);
  console.log(`Codec endpoint on ${server.url} (for the Temporal Web UI)`);
  onShutdown(async () => {
    await server.close();
    await db.$disconnect();
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
