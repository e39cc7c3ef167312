import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Bot } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import { DbKnowledge } from '../../src/bot/knowledge/knowledgeSource';
import { MediaStore } from '../../src/media/mediaStore';
import { temporalTestServerPath } from '../../src/temporal/binaries';
import { createChatWorker, WORKFLOWS_PATH } from '../../src/temporal/worker';
import { retentionWorkflow } from '../../workflows/retention';
import type { RetentionCounts } from '../../workflows/retentionTypes';
import { ApiApp } from '../helpers/apiApp';
import { TEST_SECRETS, testChannelSenders } from '../helpers/channelServices';
import { quietLogger } from '../helpers/quietTemporal';
import { waitFor } from '../helpers/wait';

// The retention workflow on the time-skipping server, its activities on a real
// SQLite file and media folder, started by the real API (POST /retention/run).
const DAY = 24 * 60 * 60 * 1000;
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let app: ApiApp;
let media: MediaStore;
let admin: { id: string; token: string };

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  app = await new ApiApp(undefined, { temporalAddress: env.address }).start();
  media = MediaStore.inDataDir(app.database.dir);
  admin = await app.as('admin');
});
afterAll(async () => {
  await app?.stop();
  await env?.teardown();
});

function newWorker(): Promise<Worker> {
  const db = app.db;
  return createChatWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    // The API starts runs on its gateway's task queue, the chats' one.
    taskQueue: 'chats',
    deps: {
      db,
      bot: new Bot({
        classifier: new KeywordClassifier(),
        knowledge: new DbKnowledge(db),
        timeZone: 'America/Sao_Paulo',
      }),
      senders: testChannelSenders(),
      secrets: TEST_SECRETS,
      media,
    },
    bundle,
  });
}

/** A file in the media folder, last kept two hours ago (past the guard for commands in flight). */
async function file(text: string): Promise<string> {
  const sha256 = await media.put(Buffer.from(text));
  const past = new Date(Date.now() - 2 * 60 * 60 * 1000);
  fs.utimesSync(path.join(app.database.dir, 'media', sha256), past, past);
  return sha256;
}

/**
 * A run's result, read from its history once it is done. Never through
 * `result()`: that lets the time-skipping server skip time while it waits,
 * and it jumps to the far timeouts of finished runs (years), which the next
 * run's clock would then show.
 */
async function finished(handle: WorkflowHandle): Promise<RetentionCounts> {
  await waitFor(
    async () => (await handle.describe()).status.name,
    (s) => s !== 'RUNNING',
  );
  const events = (await handle.fetchHistory()).events ?? [];
  const completed = events.at(-1)?.workflowExecutionCompletedEventAttributes;
  if (!completed) throw new Error('the run did not complete');
  return defaultPayloadConverter.fromPayload(completed.result!.payloads![0]!);
}

const ago = (days: number) => new Date(Date.now() - days * DAY);

async function chat(
  id: string,
  channelId: string,
  contactId: string,
  data: { status?: string; startedAt: Date; closedAt?: Date; subject?: string; feedback?: string },
) {
  await app.db.chat.create({
    data: {
      id,
      workflowId: `wf-${id}`,
      channelId,
      externalChatId: `+55119999${id.length}0000`,
      contactId,
      status: data.status ?? 'resolved',
      department: 'vendas',
      context: JSON.stringify({ cpf: '52998224725' }),
      rating: 5,
      ...data,
    },
  });
  await app.db.statusChange.create({
    data: {
      id: `${id}:1`,
      chatId: id,
      seq: 1,
      from: null,
      to: 'waiting',
      actor: 'customer',
      note: 'nota',
      at: data.startedAt,
    },
  });
}

async function message(id: string, chatId: string, channelId: string, createdAt: Date, sha256?: string) {
  await app.db.message.create({
    data: {
      id,
      chatId,
      channelId,
      sender: 'customer',
      type: sha256 ? 'image' : 'text',
      content: `texto secreto ${id}`,
      createdAt,
      ...(sha256 ? { media: JSON.stringify({ sha256, mimeType: 'image/png' }) } : {}),
    },
  });
}

const searchKeys = async (chatId: string) =>
  Number(
    (
      await app.db.$queryRawUnsafe<Array<{ n: bigint }>>(
        'SELECT count(*) AS n FROM "MessageSearchKey" WHERE "chatId" = ?',
        chatId,
      )
    )[0]!.n,
  );

test('the dry run counts, the run removes exactly the old content, the audit log has the counts; a later run goes on with skipped time', async () => {
  const channelA = await app.addChannel('api');
  const channelB = await app.addChannel('api');
  const contact = await app.db.contact.create({ data: { name: 'Maria Souza', phone: '+5511999990000' } });
  const [f1, f2, f3] = [await file('old only'), await file('shared with a newer message'), await file('kept chat')];

  // Channel A: an old closed chat (goes), a recent one (stays), an old open one (stays).
  await chat('old-a', channelA, contact.id, {
    startedAt: ago(41),
    closedAt: ago(40),
    subject: 'Cancelamento',
    feedback: 'ótimo',
  });
  await message('m1', 'old-a', channelA, ago(41), f1);
  await message('m2', 'old-a', channelA, ago(41), f2);
  await app.db.chatNote.create({
    data: { chatId: 'old-a', authorId: admin.id, content: 'cliente ligou', createdAt: ago(41) },
  });
  await app.db.chatEvent.create({ data: { type: 'message.created', chatId: 'old-a', data: '{"content":"x"}' } });
  await chat('new-a', channelA, contact.id, { startedAt: ago(2), closedAt: ago(1) });
  await message('m3', 'new-a', channelA, ago(2), f2);
  await chat('open-a', channelA, contact.id, { status: 'waiting_attendant', startedAt: ago(60) });
  await message('m5', 'open-a', channelA, ago(60));
  // Channel B keeps closed chats forever, but not their old files.
  await chat('old-b', channelB, contact.id, { startedAt: ago(41), closedAt: ago(40) });
  await message('m4', 'old-b', channelB, ago(41), f3);
  // Audit entries: one older than a year (goes), one recent.
  await app.db.auditEntry.create({ data: { actorType: 'system', action: 'settings.updated', at: ago(400) } });
  await app.db.auditEntry.create({ data: { actorType: 'system', action: 'settings.updated', at: ago(10) } });

  const put = await app.request('PUT', '/api/v1/retention', {
    token: admin.token,
    body: { closedChatsDays: 30, mediaDays: 10, auditDays: 365, channels: { [channelB]: { closedChatsDays: null } } },
  });
  expect(put.status).toBe(200);

  const expected: RetentionCounts = {
    chats: 1,
    messages: 2,
    notes: 1,
    events: 1,
    mediaMessages: 1,
    files: 2, // f1 and f3; f2 is still a newer message's
    auditEntries: 1,
  };
  const dry = await app.request('POST', '/api/v1/retention/run?dryRun=true', { token: admin.token });
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({ dryRun: true, counts: expected });
  // A dry run removes nothing.
  expect(await app.db.message.count()).toBe(5);
  expect(media.has(f1)).toBe(true);

  const worker = await newWorker();
  await worker.runUntil(async () => {
    const run = await app.request('POST', '/api/v1/retention/run', { token: admin.token });
    expect(run.status).toBe(202);
    const { workflowId, runId } = run.body as { workflowId: string; runId: string };
    expect(await finished(env.client.workflow.getHandle(workflowId, runId))).toEqual(expected);
  });

  // The old closed chat: its row stays as anonymous figures, its content is gone.
  const oldA = await app.db.chat.findUniqueOrThrow({ where: { id: 'old-a' } });
  expect(oldA).toMatchObject({
    status: 'resolved',
    channelId: channelA,
    department: 'vendas',
    rating: 5,
    subject: null,
    feedback: null,
    context: '{}',
    externalChatId: '',
  });
  expect(oldA.anonymisedAt).not.toBeNull();
  // Messages are emptied, not deleted: counts and reply times stay true.
  expect(await app.db.message.count({ where: { chatId: 'old-a', NOT: { content: '' } } })).toBe(0);
  expect(await app.db.message.count({ where: { chatId: 'old-a', NOT: { media: null } } })).toBe(0);
  expect(await app.db.chatNote.count({ where: { chatId: 'old-a' } })).toBe(0);
  expect(await app.db.chatEvent.count({ where: { chatId: 'old-a' } })).toBe(0);
  expect(await searchKeys('old-a')).toBe(0);
  expect((await app.db.statusChange.findMany({ where: { chatId: 'old-a' } })).map((s) => s.note)).toEqual([null]);
  // What is newer, open, or on a channel that keeps its chats stays.
  expect((await app.db.chat.findUniqueOrThrow({ where: { id: 'new-a' } })).anonymisedAt).toBeNull();
  expect(await app.db.message.count({ where: { chatId: { in: ['new-a', 'open-a'] } } })).toBe(2);
  expect(await searchKeys('new-a')).toBe(1);
  const m4 = await app.db.message.findUniqueOrThrow({ where: { id: 'm4' } });
  expect(m4).toMatchObject({ media: null, content: 'texto secreto m4' });
  expect((await app.db.chat.findUniqueOrThrow({ where: { id: 'old-b' } })).subject).toBeNull();
  expect((await app.db.chat.findUniqueOrThrow({ where: { id: 'old-b' } })).anonymisedAt).toBeNull();
  // Files: the old-only ones went, the shared one stays.
  expect([media.has(f1), media.has(f2), media.has(f3)]).toEqual([false, true, false]);
  expect(await app.db.auditEntry.count({ where: { at: { lt: ago(365) } } })).toBe(0);

  // The receipt: one entry with the counts, by the admin who asked.
  const receipts = await app.db.auditEntry.findMany({ where: { action: 'retention.run' } });
  expect(receipts).toHaveLength(1);
  expect(receipts[0]).toMatchObject({ actorType: 'attendant', actorId: admin.id });
  expect(JSON.parse(receipts[0]!.details)).toEqual({ trigger: 'manual', ...expected });

  // Thirty days later (the workflow's clock, skipped), the chat closed a day before the first run goes too.
  const before = await env.currentTimeMs();
  await env.sleep('30 days');
  expect(await env.currentTimeMs()).toBeLessThan(before + 31 * DAY);
  const worker2 = await newWorker();
  const later = await worker2.runUntil(async () => {
    const handle = await env.client.workflow.start(retentionWorkflow, {
      taskQueue: 'chats',
      workflowId: 'retention-daily-test',
      args: [{ trigger: 'schedule' }],
    });
    return finished(handle);
  });
  expect(later).toEqual({ chats: 1, messages: 1, notes: 0, events: 0, mediaMessages: 0, files: 1, auditEntries: 0 });
  expect(media.has(f2)).toBe(false);
  expect(await app.db.message.count({ where: { chatId: 'new-a', NOT: { content: '' } } })).toBe(0);
  expect(await app.db.message.count({ where: { chatId: { in: ['open-a', 'old-b'] } } })).toBe(2);
  const scheduled = await app.db.auditEntry.findMany({ where: { action: 'retention.run' }, orderBy: { id: 'asc' } });
  expect(scheduled).toHaveLength(2);
  expect(scheduled[1]).toMatchObject({ actorType: 'system', actorId: null });
  expect(JSON.parse(scheduled[1]!.details)).toMatchObject({ trigger: 'schedule', chats: 1, files: 1 });
});
