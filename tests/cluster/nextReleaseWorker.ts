import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { loadConfigOrExit, onShutdown, openDb, startWorker, temporalAddress } from '../../src/runtime';

/**
 * `npm run worker` built from "the next release": the same worker with the
 * workflow bundle of tests/fixtures/rollingDeploy/workflows.ts (a `patched()`
 * change to the chat workflow). Started by tests/cluster/rollingDeploy.test.ts.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../fixtures/rollingDeploy/workflows'),
    logger: new DefaultLogger('WARN'),
  });
  const db = await openDb(config);
  const { worker, running, connection } = await startWorker(config, temporalAddress(config), db, bundle);
  console.log(`Worker polling task queue ${config.TEMPORAL_TASK_QUEUE} (next release)`);
  onShutdown(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await db.$disconnect();
  });
  await running;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
