import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { stateQuery } from '../../workflows/chat';
import { ChatHarness } from '../helpers/chatHarness';
import { quietLogger } from '../helpers/quietTemporal';
import { waitFor } from '../helpers/wait';

// Ops read chats in the Web UI, which queries them, at any moment. A query that
// reaches a chat while one of its local activities runs may make the worker end
// that workflow task early, so the code after the activity runs live in the next
// task but on replay in the first. A `patched()` call there broke the chat's
// replay ("Non-deprecated patch marker encountered"): workflows/runPatches.ts.
// Here chats are queried without pause while they work, and every run they
// recorded must replay.
const h = new ChatHarness('dev');
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

type History = temporal.api.history.v1.IHistory;

/** Queries the chat without pause until `stop` is called. */
function keepQuerying(handle: Awaited<ReturnType<ChatHarness['send']>>) {
  let on = true;
  const loop = (async () => {
    while (on) await handle.query(stateQuery).catch(() => undefined);
  })();
  return async () => {
    on = false;
    await loop;
  };
}

test('a chat queried while it works replays every run it recorded', async () => {
  const worker = await h.newWorker();
  const histories: { name: string; history: History }[] = [];
  await worker.runUntil(async () => {
    for (let i = 0; i < 6; i++) {
      const first = h.message('oi', `queried-${i}`);
      const { handle, start } = await h.startChat(first, { settings: { continueAsNewAfterEvents: 8 } });
      const stop = keepQuerying(handle);
      const bots = (n: number) =>
        waitFor(
          () => h.db.message.count({ where: { chat: { workflowId: handle.workflowId }, sender: 'bot' } }),
          (c) => c >= n,
        );
      await bots(1);
      await h.send(start, h.message('segunda via do boleto'));
      await bots(2);
      await h.send(start, first); // a repeat, dropped
      await h.send(start, h.message('quero falar com um atendente'));
      await waitFor(
        async () => (await h.db.chat.findFirst({ where: { workflowId: handle.workflowId } }))?.status,
        (s) => s === 'transferred',
      );
      await stop();
      for await (const run of h.env.client.workflow.list({ query: `WorkflowId="${handle.workflowId}"` })) {
        const history = await h.env.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
        histories.push({ name: `${i}-${run.runId}`, history });
      }
    }
  });
  // A run whose first task is still open has nothing to replay yet (the replayer would wait for it).
  const replayable = histories.filter((r) => r.history.events?.some((e) => e.workflowTaskCompletedEventAttributes));
  // At least one run per chat. How many runs the list shows varies with the machine's load (a busy
  // CI gave 10 where a quiet machine gives 12 or more), since its visibility lags.
  expect(replayable.length).toBeGreaterThanOrEqual(6);
  const failures: string[] = [];
  for (const { name, history } of replayable) {
    await Worker.runReplayHistory(
      { workflowBundle: h.bundle, bundlerOptions: { logger: quietLogger } } as Parameters<
        typeof Worker.runReplayHistory
      >[0],
      history,
      name,
    ).catch((e: Error) => failures.push(`${name}: ${e.message}`));
  }
  expect(failures).toEqual([]);
});
