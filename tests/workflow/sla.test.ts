import { DateTime } from 'luxon';
import { claimUpdate, replyUpdate, resolveUpdate, stateQuery } from '../../workflows/chat';
import type { SlaView } from '../../workflows/slaView';
import { ChatHarness, type ChatHandle } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';

// SLA clocks are timers of the chat's own workflow (workflows/sla.ts). Time
// skips on the whole test server, so this file has a server of its own, and
// each test ends its chats.
const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const ana = { attendantId: 'ana', role: 'attendant' as const };

async function setPolicies(policies: unknown[]): Promise<void> {
  const value = JSON.stringify(policies);
  await h.db.setting.upsert({
    where: { key: 'sla-policies' },
    create: { key: 'sla-policies', value },
    update: { value },
  });
}

async function slaOf(chatId: string): Promise<SlaView | null> {
  const row = await h.db.chat.findUniqueOrThrow({ where: { id: chatId }, select: { sla: true } });
  return row.sla ? (JSON.parse(row.sla) as SlaView) : null;
}

function eventsOf(chatId: string, type: string) {
  return h.db.chatEvent.findMany({ where: { chatId, type }, orderBy: { id: 'asc' } });
}

/** A chat handed off to the queue (nobody available takes it), with its id. */
async function handOff(settings = {}) {
  const chat = await h.startChat(h.message('quero falar com um atendente'), { settings });
  const { chatId } = await h.untilStatus(chat.handle, 'transferred');
  // The policy is attached once the chat is queued.
  await waitFor(
    () => slaOf(chatId),
    (s) => s !== null,
  );
  return { ...chat, chatId };
}

const now = () => h.env.currentTimeMs();

afterEach(async () => {
  await h.db.setting.deleteMany({ where: { key: { in: ['sla-policies', 'business-hours'] } } });
});

async function end(handle: ChatHandle) {
  await handle.terminate('test over').catch(() => undefined);
}

test('a queued chat warns at warnAt and breaches its first-response target (time skipping)', async () => {
  await setPolicies([
    { name: 'VIP', match: { priority: 'urgent' }, targets: { firstResponse: '1 minute' } },
    { name: 'Padrão', match: {}, targets: { firstResponse: '10 minutes' }, warnAt: 0.5 },
  ]);
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, chatId } = await handOff();
    const handedAt = await now();
    const sla = (await slaOf(chatId))!;
    expect(sla.policy).toBe('Padrão');
    expect(Date.parse(sla.firstResponseDue!)).toBeGreaterThanOrEqual(handedAt + 10 * 60_000 - 5_000);
    expect(Date.parse(sla.firstResponseDue!)).toBeLessThanOrEqual(handedAt + 10 * 60_000 + 5_000);
    expect(sla.breaches).toEqual([]);

    await h.env.sleep('4 minutes');
    expect(await eventsOf(chatId, 'sla.warning')).toHaveLength(0);
    await h.env.sleep('2 minutes');
    const warned = await waitFor(
      () => eventsOf(chatId, 'sla.warning'),
      (e) => e.length === 1,
    );
    expect(JSON.parse(warned[0]!.data)).toMatchObject({ chatId, target: 'firstResponse', policy: 'Padrão' });
    expect(await eventsOf(chatId, 'sla.breached')).toHaveLength(0);

    await h.env.sleep('5 minutes');
    await waitFor(
      () => eventsOf(chatId, 'sla.breached'),
      (e) => e.length === 1,
    );
    const breached = (await slaOf(chatId))!;
    expect(breached.breaches).toEqual([{ target: 'firstResponse', at: expect.any(String) }]);
    expect(breached.met).toBe(false);
    expect((await h.db.chat.findUniqueOrThrow({ where: { id: chatId } })).slaMet).toBe(false);
    await end(handle);
  });
});

test('the clocks pause while the chat waits on the customer, and stop at resolve (time skipping)', async () => {
  await setPolicies([{ name: 'Resolução', targets: { resolution: '30 minutes' } }]);
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, start, chatId } = await handOff({ inactivityTimeout: '10 hours' });
    await handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId }] });
    await h.env.sleep('10 minutes');
    await handle.executeUpdate(replyUpdate, { args: [{ ...ana, chatId, content: 'Olá! Vou verificar.' }] });
    const paused = (await slaOf(chatId))!;
    expect(paused.resolutionDue).toBeNull();
    expect(paused.clocks.resolution).toMatchObject({ status: 'paused', since: null });
    expect(paused.clocks.resolution!.spentMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(paused.clocks.resolution!.spentMs).toBeLessThan(11 * 60_000);

    // An hour with the customer's turn counts nothing.
    await h.env.sleep('1 hour');
    expect(await eventsOf(chatId, 'sla.breached')).toHaveLength(0);
    await h.send(start, h.message('ainda não funcionou'));
    await h.untilStatus(handle, 'waiting_attendant');
    const resumedAt = await now();
    const running = await waitFor(
      () => slaOf(chatId),
      (s) => s?.resolutionDue !== null,
    );
    const left = Date.parse(running!.resolutionDue!) - resumedAt;
    expect(left).toBeGreaterThan(19 * 60_000);
    expect(left).toBeLessThanOrEqual(20 * 60_000 + 5_000);

    await handle.executeUpdate(resolveUpdate, { args: [{ ...ana, chatId }] });
    await handle.result();
    const closed = (await slaOf(chatId))!;
    expect(closed.met).toBe(true);
    expect(closed.clocks.resolution!.status).toBe('met');
    expect((await h.db.chat.findUniqueOrThrow({ where: { id: chatId } })).slaMet).toBe(true);
  });
});

test('with businessHours the clock counts only open time: closed days count nothing (time skipping)', async () => {
  // Closed today and tomorrow (holidays, in the calendar's zone); open around the clock after.
  const zone = 'America/Sao_Paulo';
  const today = DateTime.fromMillis(await now(), { zone }).startOf('day');
  const hours = {
    timezone: zone,
    weekly: {},
    holidays: [
      { date: today.toISODate(), name: 'Feriado' },
      { date: today.plus({ days: 1 }).toISODate(), name: 'Ponte' },
    ],
    nationalHolidays: null,
    departments: {},
  };
  await h.db.setting.create({ data: { key: 'business-hours', value: JSON.stringify(hours) } });
  await setPolicies([{ name: 'Comercial', targets: { firstResponse: '10 minutes' }, businessHours: true }]);
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, chatId } = await handOff();
    const sla = (await slaOf(chatId))!;
    expect(sla.firstResponseDue).toBe(today.plus({ days: 2, minutes: 10 }).toUTC().toISO());
    await h.env.sleep('20 minutes');
    expect(await eventsOf(chatId, 'sla.warning')).toHaveLength(0);
    expect(await eventsOf(chatId, 'sla.breached')).toHaveLength(0);
    expect((await handle.query(stateQuery)).status).toBe('transferred');
    await end(handle);
  });
});

test('onBreach sends the chat back to the queue with a raised priority (time skipping)', async () => {
  await setPolicies([
    {
      name: 'Primeira resposta',
      targets: { firstResponse: '5 minutes' },
      onBreach: { requeue: true, raisePriority: true },
    },
  ]);
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const { handle, chatId } = await handOff();
    const claimed = await handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId }] });
    expect(claimed.priority).toBe('normal');
    await h.env.sleep('6 minutes');
    const back = await waitFor(
      () => handle.query(stateQuery),
      (s) => s.status === 'transferred',
    );
    expect(back.attendantId).toBeNull();
    expect(back.priority).toBe('high');
    expect(back.history.at(-1)).toMatchObject({ from: 'waiting_attendant', to: 'transferred', actor: 'system' });
    expect(back.history.at(-1)!.note).toMatch(/SLA firstResponse breached/);
    await end(handle);
  });
});
