import { secureDataDir } from '../bootstrap/dataDir';
import { logger } from '../logger';
import { keyringOf, loadConfigOrExit, onShutdown } from '../runtime';
import { startCodecServer, webUiOrigins } from '../temporal/codecServer';
import { EncryptionCodec } from '../temporal/encryptionCodec';

/**
 * `npm run codec-server`: the Web UI's codec endpoint alone, for a Temporal
 * server and UI that `npm start` did not start (docker-compose, a cluster).
 * Point the UI at it (`--ui-codec-endpoint`, or TEMPORAL_CODEC_ENDPOINT for
 * the temporalio/ui image) and list the UI's origin in CODEC_ALLOWED_ORIGINS.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  secureDataDir(config.DATA_DIR);
  const server = await startCodecServer({
    codec: new EncryptionCodec(keyringOf(config)),
    host: config.HOST,
    port: config.CODEC_PORT,
    allowedOrigins: config.CODEC_ALLOWED_ORIGINS ?? webUiOrigins(config.HOST, config.TEMPORAL_UI_PORT),
    logger,
  });
  console.log(`Codec endpoint on ${server.url} (for the Temporal Web UI)`);
  onShutdown(() => server.close());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
