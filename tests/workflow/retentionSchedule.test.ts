import { ScheduleOverlapPolicy } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Bot } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import { DbKnowledge } from '../../src/bot/knowledge/knowledgeSource';
import { MediaStore } from '../../src/media/mediaStore';
import { ensureRetentionSchedule } from '../../src/retention/schedule';
import { temporalCliPath } from '../../src/temporal/binaries';
import { createChatWorker, WORKFLOWS_PATH } from '../../src/temporal/worker';
import { RETENTION_SCHEDULE_ID } from '../../workflows/retention';
import { TEST_SECRETS, testChannelSenders } from '../helpers/channelServices';
import { createTestDatabase } from '../helpers/database';
import { quietLogger } from '../helpers/quietTemporal';
import { waitFor } from '../helpers/wait';

// Schedules need the real dev server (the time-skipping server has none).
let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1', ui: false },
  });
  database = await createTestDatabase();
});
afterAll(async () => {
  await env?.teardown();
  await database?.cleanup();
});

const options = { cron: '0 3 * * *', timeZone: 'America/Sao_Paulo', taskQueue: 'retention-schedule-test' };

async function schedules(): Promise<string[]> {
  const ids: string[] = [];
  for await (const s of env.client.schedule.list()) ids.push(s.scheduleId);
  return ids;
}

test('two starts make one schedule; a changed RETENTION_SCHEDULE updates it; a triggered run is recorded as the system', async () => {
  // Two processes starting at once, then a restart.
  const first = await Promise.all([
    ensureRetentionSchedule(env.client, options),
    ensureRetentionSchedule(env.client, options),
  ]);
  expect(first.sort()).toEqual(['created', 'unchanged']);
  expect(await ensureRetentionSchedule(env.client, options)).toBe('unchanged');
  await waitFor(schedules, (ids) => ids.includes(RETENTION_SCHEDULE_ID));
  expect((await schedules()).filter((id) => id === RETENTION_SCHEDULE_ID)).toHaveLength(1);

  const handle = env.client.schedule.getHandle(RETENTION_SCHEDULE_ID);
  const described = await handle.describe();
  expect(described.spec.timezone).toBe('America/Sao_Paulo');
  expect(described.spec.calendars).toEqual([expect.objectContaining({ hour: [{ start: 3, end: 3, step: 1 }] })]);
  expect(described.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'retentionWorkflow',
    taskQueue: options.taskQueue,
    args: [{ trigger: 'schedule' }],
  });
  expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);

  // RETENTION_SCHEDULE changed between two starts.
  expect(await ensureRetentionSchedule(env.client, { ...options, cron: '30 4 * * *' })).toBe('updated');
  const updated = await handle.describe();
  expect(updated.spec.calendars).toEqual([
    expect.objectContaining({ hour: [{ start: 4, end: 4, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] }),
  ]);
  expect(await ensureRetentionSchedule(env.client, { ...options, cron: '30 4 * * *' })).toBe('unchanged');

  // The schedule's action, run now by a worker on its task queue: the receipt's actor is the system.
  const db = database.db;
  const worker = await createChatWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: options.taskQueue,
    deps: {
      db,
      bot: new Bot({
        classifier: new KeywordClassifier(),
        knowledge: new DbKnowledge(db),
        timeZone: 'America/Sao_Paulo',
      }),
      senders: testChannelSenders(),
      secrets: TEST_SECRETS,
      media: MediaStore.inDataDir(database.dir),
    },
    bundle: await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
  });
  await worker.runUntil(async () => {
    await handle.trigger();
    const receipts = await waitFor(
      () => db.auditEntry.findMany({ where: { action: 'retention.run' } }),
      (rows) => rows.length > 0,
      30_000,
    );
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ actorType: 'system', actorId: null });
    expect(JSON.parse(receipts[0]!.details)).toMatchObject({ trigger: 'schedule', chats: 0, auditEntries: 0 });
  });
}, 120_000);
