import type { WorkflowUpdateFailedError } from '@temporalio/client';
import { claimUpdate, holdUpdate, replyUpdate, stateQuery, unholdUpdate } from '../../workflows/chat';
import type { SlaView } from '../../workflows/slaView';
import { ChatHarness, type ChatHandle } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';

// On hold (workflows/onHold.ts): its wake-up is a timer of the chat's own
// workflow. Time skips on the whole test server, so this file has a server of
// its own, and each test ends its chats.
const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const ana = { attendantId: 'ana', role: 'attendant' as const };
const bob = { attendantId: 'bob', role: 'attendant' as const };

/** A chat handed off and claimed by Ana. */
async function claimedChat(settings = {}) {
  const chat = await h.startChat(h.message('quero falar com um atendente'), { settings });
  const { chatId } = await h.untilStatus(chat.handle, 'transferred');
  await chat.handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId }] });
  return { ...chat, chatId };
}

async function contextOf(chatId: string) {
  const row = await h.db.chat.findUniqueOrThrow({ where: { id: chatId }, select: { context: true, sla: true } });
  return { context: JSON.parse(row.context) as Record<string, unknown>, sla: JSON.parse(row.sla ?? 'null') as SlaView };
}

/** The workflow's reason for refusing an Update. */
async function refusal(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (err) {
    return (err as WorkflowUpdateFailedError).cause?.message ?? String(err);
  }
  throw new Error('the update was accepted');
}

async function end(handle: ChatHandle) {
  await handle.terminate('test over').catch(() => undefined);
}

afterEach(() => h.db.setting.deleteMany({ where: { key: 'sla-policies' } }));

test('a hold with a time wakes back to its attendant then, and the SLA does not count meanwhile (time skipping)', async () => {
  const value = JSON.stringify([{ name: 'Resolução', targets: { resolution: '20 minutes' } }]);
  await h.db.setting.create({ data: { key: 'sla-policies', value } });
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, chatId } = await claimedChat();
    const until = new Date((await h.env.currentTimeMs()) + 30 * 60_000).toISOString();
    const held = await handle.executeUpdate(holdUpdate, {
      args: [{ ...ana, chatId, until, reason: 'aguardando o financeiro' }],
    });
    expect(held.status).toBe('on_hold');
    expect(held.history.at(-1)).toMatchObject({
      from: 'waiting_attendant',
      to: 'on_hold',
      actor: 'attendant:ana',
      note: 'on hold: aguardando o financeiro',
    });
    const onHold = await contextOf(chatId);
    expect(onHold.context.hold).toMatchObject({ until, reason: 'aguardando o financeiro' });
    expect(onHold.sla.clocks.resolution!.status).toBe('paused');

    await h.env.sleep('29 minutes');
    expect((await handle.query(stateQuery)).status).toBe('on_hold');
    await h.env.sleep('2 minutes');
    const woken = await h.untilStatus(handle, 'waiting_attendant');
    expect(woken.attendantId).toBe('ana');
    expect(woken.history.at(-1)).toMatchObject({ from: 'on_hold', to: 'waiting_attendant', actor: 'system' });
    // The live event of the wake-up, and the hold gone from the row.
    const events = await h.db.chatEvent.findMany({ where: { chatId, type: 'chat.status' } });
    expect(events.map((e) => JSON.parse(e.data) as { from: string; to: string }).at(-1)).toMatchObject({
      from: 'on_hold',
      to: 'waiting_attendant',
    });
    const after = await waitFor(
      () => contextOf(chatId),
      (c) => c.context.hold === undefined,
    );
    // Thirty minutes on hold counted nothing against the 20-minute resolution target.
    expect(after.sla.breaches).toEqual([]);
    expect(after.sla.clocks.resolution!.status).toBe('running');
    expect(after.sla.clocks.resolution!.spentMs).toBeLessThan(2 * 60_000);
    await end(handle);
  });
});

test('a hold without a time wakes when the customer writes; the inactivity close does not run (time skipping)', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start, chatId } = await claimedChat({ inactivityTimeout: '1 hour' });
    await handle.executeUpdate(replyUpdate, { args: [{ ...ana, chatId, content: 'Vou verificar e retorno.' }] });
    const held = await handle.executeUpdate(holdUpdate, { args: [{ ...ana, chatId }] });
    expect(held.history.at(-1)).toMatchObject({ from: 'waiting_customer', to: 'on_hold' });
    // Hours past the inactivity timeout: a chat on hold is not closed.
    await h.env.sleep('3 hours');
    expect((await handle.query(stateQuery)).status).toBe('on_hold');
    await h.send(start, h.message('alguma novidade?'));
    const woken = await h.untilStatus(handle, 'waiting_attendant');
    expect(woken.history.at(-1)).toMatchObject({ from: 'on_hold', to: 'waiting_attendant', actor: 'customer' });
    expect(woken.attendantId).toBe('ana');
    await end(handle);
  });
});

test('its attendant ends a hold by replying or by unhold; others and other statuses are refused', async () => {
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, chatId } = await claimedChat();
    expect(await refusal(handle.executeUpdate(holdUpdate, { args: [{ ...bob, chatId }] }))).toMatch(
      /not the chat's attendant/,
    );
    await handle.executeUpdate(holdUpdate, { args: [{ ...ana, chatId }] });
    expect(await refusal(handle.executeUpdate(holdUpdate, { args: [{ ...ana, chatId }] }))).toMatch(
      /cannot be put on hold/,
    );
    const released = await handle.executeUpdate(unholdUpdate, { args: [{ ...ana, chatId }] });
    expect(released.history.at(-1)).toMatchObject({ from: 'on_hold', to: 'waiting_attendant', note: 'hold released' });
    expect(await refusal(handle.executeUpdate(unholdUpdate, { args: [{ ...ana, chatId }] }))).toMatch(/not on hold/);

    await handle.executeUpdate(holdUpdate, { args: [{ ...ana, chatId, reason: 'ligar amanhã' }] });
    const replied = await handle.executeUpdate(replyUpdate, { args: [{ ...ana, chatId, content: 'Voltei!' }] });
    expect(replied.history.at(-1)).toMatchObject({ from: 'on_hold', to: 'waiting_customer' });
    await end(handle);

    // Queued (nobody holds it): nothing to hold.
    const queued = await h.startChat(h.message('quero falar com um atendente'));
    const { chatId: queuedId } = await h.untilStatus(queued.handle, 'transferred');
    expect(
      await refusal(
        queued.handle.executeUpdate(holdUpdate, { args: [{ ...ana, role: 'supervisor', chatId: queuedId }] }),
      ),
    ).toMatch(/no attendant/);
    await end(queued.handle);
  });
});
