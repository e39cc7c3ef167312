import { DateTime } from 'luxon';
import { offerSeats } from '../../src/assignment/dispatcher';
import { saveAutomaticMessages } from '../../src/automaticMessages/store';
import { saveBusinessHours } from '../../src/calendar/businessHoursSchema';
import { DEFAULT_BUSINESS_HOURS } from '../../src/calendar/businessCalendar';
import { brazilianHolidays } from '../../src/calendar/nationalHolidays';
import { claimUpdate, replyUpdate, resolveUpdate, stateQuery } from '../../workflows/chat';
import { ChatHarness, type ChatHandle } from '../helpers/chatHarness';
import { queueDepartments } from '../helpers/queueDepartments';
import { waitFor } from '../helpers/wait';
import type { ChatStart } from '../../workflows/types';

// The chat workflow sends the automatic messages (docs/api.md, "Automatic messages"):
// configured texts, the out-of-hours hand-off and its assignment when the team opens,
// and the inactivity warning and close per waiting state. Timers on a time-skipping
// server of this file's own, with the real activities and database.
const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const { department, as, holderOf } = queueDepartments(h);

/** What the customer received in a conversation, in order. */
const sentTo = (start: ChatStart) =>
  h.receiver.received.filter((c) => c.body.data.conversation_id === start.externalChatId).map((c) => c.body.data);

const untilSent = (start: ChatStart, n: number) =>
  waitFor(
    async () => sentTo(start),
    (s) => s.length >= n,
  );

test('a hand-off at 02:00 on the Friday before a national holiday Monday names Tuesday 08:00, and is assigned then', async () => {
  // The first Friday ahead of the test server's clock whose Monday is a Brazilian national holiday.
  const zone = 'America/Sao_Paulo';
  let friday = DateTime.fromMillis(await h.env.currentTimeMs(), { zone })
    .startOf('day')
    .plus({ days: 2 });
  const holidays = new Set(brazilianHolidays([friday.year, friday.year + 1, friday.year + 2]).map((d) => d.date));
  while (friday.weekday !== 5 || !holidays.has(friday.plus({ days: 3 }).toISODate()!))
    friday = friday.plus({ days: 1 });
  const twoAm = friday.set({ hour: 2 });
  const tuesday8 = friday.plus({ days: 4 }).set({ hour: 8 });

  const d = await department();
  const slot = { start: '08:00', end: '18:00' };
  const weekdays = { mon: [slot], tue: [slot], wed: [slot], thu: [slot], fri: [slot] };
  // Only this department keeps hours (the company is open around the clock for the other tests). The
  // Friday is its own day off (a "ponte", as in tests/workflow/calendarInWorkflow.test.ts): else it
  // opens that morning at 08:00; the national holiday Monday is what moves the opening to Tuesday.
  const ponte = { date: friday.toISODate()!, name: 'Ponte' };
  await saveBusinessHours(h.db, {
    ...DEFAULT_BUSINESS_HOURS,
    departments: { [d.name]: { timezone: zone, weekly: weekdays, nationalHolidays: 'BR', holidays: [ponte] } },
  });
  const ana = await d.attendant('ana');
  const channel = await channelOf(d.name);
  await saveAutomaticMessages(h.db, {
    default: {},
    channels: { [channel]: { 'pt-BR': { queuePosition: 'Você é o número {{position}} da fila.' } } },
  });

  await h.env.sleep(twoAm.toMillis() - (await h.env.currentTimeMs()));
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const first = await d.handOff();
    const firstView = await h.untilStatus(first, 'transferred');
    const second = await d.handOff();
    await h.untilStatus(second, 'transferred');

    const notices = await waitFor(
      async () =>
        h.receiver.received
          .filter((c) => c.body.data.content.includes('fora do horário'))
          .map((c) => c.body.data.content),
      (n) => n.length >= 2,
    );
    const protocol = (id: string) => h.db.chat.findUniqueOrThrow({ where: { id } }).then((c) => c.protocol);
    expect(notices[notices.length - 2]).toBe(
      'Vou transferir você para um de nossos atendentes. Estamos fora do horário de atendimento agora; ' +
        'voltamos terça-feira às 08:00 e respondemos por ordem de chegada.\n\nVocê é o número 1 da fila.' +
        `\n\nProtocolo de atendimento: ${await protocol(firstView.chatId)}`,
    );
    expect(notices.at(-1)).toContain('Você é o número 2 da fila.');

    // A seat freed at night gives them nothing (the dispatcher reads the calendar too).
    expect(await offerSeats(h.db, ana, new Date(await h.env.currentTimeMs()))).toEqual([]);
    // Nobody is given them before the team opens, though Ana is available with room all along.
    await h.env.sleep(tuesday8.minus({ minutes: 5 }).toMillis() - (await h.env.currentTimeMs()));
    expect((await first.query(stateQuery)).status).toBe('transferred');
    expect((await h.db.chat.findUniqueOrThrow({ where: { id: firstView.chatId } })).attendantId).toBeNull();

    await h.env.sleep('6 minutes');
    for (const chat of [first, second]) {
      const view = await holderOf(chat);
      expect(view.attendantId).toBe(ana);
      const assigned = view.history.at(-1)!;
      expect(assigned).toMatchObject({ to: 'waiting_attendant', actor: 'system', note: 'assigned' });
      expect(Date.parse(assigned.at)).toBeGreaterThanOrEqual(tuesday8.toMillis());
      await chat.terminate('test over');
    }
  });
  await saveBusinessHours(h.db, DEFAULT_BUSINESS_HOURS);
}, 120_000);

/** The channel the queue helper made for a department. */
async function channelOf(departmentName: string): Promise<string> {
  const channels = await h.db.channel.findMany();
  return channels.find((c) => JSON.parse(c.settings).department === departmentName)!.id;
}

test('the configured texts are the ones sent: greeting, protocol line, hand-off, resolved', async () => {
  const d = await department();
  await d.attendant('ana');
  const channel = await channelOf(d.name);
  await saveAutomaticMessages(h.db, {
    default: { 'pt-BR': { resolved: 'Atendimento {{protocol}} concluído por {{attendant.name}}.' } },
    channels: {
      [channel]: {
        'pt-BR': {
          greeting: 'Olá, {{contact.firstName}}! Aqui é a Loja.',
          protocol: 'Seu protocolo: {{protocol}}',
          handoff: 'Já chamo alguém para você, {{contact.firstName}}.',
        },
      },
    },
  });
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const chat = await d.handOff();
    const view = await holderOf(chat);
    const { protocol } = await h.db.chat.findUniqueOrThrow({ where: { id: view.chatId } });
    const start = await startOf(chat);
    await chat.executeUpdate(resolveUpdate, { args: [as(view.attendantId!, view)] });
    await chat.result();
    const texts = (await untilSent(start, 3)).map((m) => m.content);
    expect(texts).toEqual([
      `Olá, Maria! Aqui é a Loja.\n\nSeu protocolo: ${protocol}`,
      'Já chamo alguém para você, Maria.',
      `Atendimento ${protocol} concluído por ana.`,
    ]);
  });
  await saveAutomaticMessages(h.db, { default: {}, channels: {} });
});

/** The conversation of a chat (its start's externalChatId), from its row. */
async function startOf(chat: ChatHandle): Promise<ChatStart> {
  const { chatId } = await chat.query(stateQuery);
  const row = await h.db.chat.findUniqueOrThrow({ where: { id: chatId } });
  return { channelId: row.channelId, channelType: 'api', externalChatId: row.externalChatId };
}

describe('inactivity per waiting state', () => {
  let channel: string;
  beforeAll(async () => {
    // Nobody takes these chats from the queue: Ana claims them by hand when a test needs her.
    await h.db.attendant.updateMany({ data: { available: false } });
    channel = await h.createChannel(h.receiver.url, {
      inactivity: {
        withBot: { warnAfter: '10 minutes', closeAfter: '30 minutes' },
        waitingCustomer: { warnAfter: '1 hour', closeAfter: '3 hours' },
      },
    });
  });
  const warning = 'Você ainda está aí? Se não houver resposta, este atendimento será encerrado em breve.';
  const closing = 'Encerramos este atendimento por falta de resposta. Se precisar, é só escrever de novo.';

  test('with the bot: the warning, then the close by system with the closing text', async () => {
    const worker = await h.newWorker();
    await worker.runUntil(async () => {
      const { handle, start } = await h.startChat(h.message('bom dia'), { channel });
      await h.untilStatus(handle, 'waiting_customer');
      await h.env.sleep('9 minutes');
      expect(sentTo(start)).toHaveLength(1); // the bot's answer
      await h.env.sleep('2 minutes');
      expect((await untilSent(start, 2))[1]!.content).toBe(warning);
      expect((await handle.query(stateQuery)).status).toBe('waiting_customer');
      await h.env.sleep('20 minutes');
      const outcome = await handle.result();
      expect(outcome.status).toBe('resolved');
      expect((await untilSent(start, 3))[2]!.content).toBe(closing);
      const changes = await h.db.statusChange.findMany({ where: { chatId: outcome.chatId }, orderBy: { seq: 'asc' } });
      expect(changes.at(-1)).toMatchObject({
        from: 'waiting_customer',
        to: 'resolved',
        actor: 'system',
        note: 'no reply from the customer',
      });
    });
  });

  test('a message after the warning starts the wait again', async () => {
    const worker = await h.newWorker();
    await worker.runUntil(async () => {
      const { handle, start } = await h.startChat(h.message('bom dia'), { channel });
      await h.untilStatus(handle, 'waiting_customer');
      await h.env.sleep('11 minutes');
      await untilSent(start, 2);
      await h.send(start, h.message('obrigado'));
      await untilSent(start, 3);
      await h.env.sleep('25 minutes');
      expect((await handle.query(stateQuery)).status).toBe('waiting_customer');
      expect(sentTo(start).filter((m) => m.content === warning)).toHaveLength(2);
      await h.env.sleep('10 minutes');
      expect((await handle.result()).status).toBe('resolved');
    });
  });

  test('waiting on the customer after an attendant: its own warning and close', async () => {
    const worker = await h.newWorker();
    await worker.runUntil(async () => {
      const { handle, start } = await h.startChat(h.message('quero falar com um atendente'), { channel });
      const view = await h.untilStatus(handle, 'transferred');
      await handle.executeUpdate(claimUpdate, { args: [as('ana', view)] });
      await handle.executeUpdate(replyUpdate, { args: [{ ...as('ana', view), content: 'Olá, como posso ajudar?' }] });
      await h.untilStatus(handle, 'waiting_customer');
      const before = (await untilSent(start, 2)).length;
      await h.env.sleep('40 minutes'); // past the bot's close: this wait is an attendant's
      expect(sentTo(start)).toHaveLength(before);
      await h.env.sleep('21 minutes');
      expect((await untilSent(start, before + 1))[before]!.content).toBe(warning);
      await h.env.sleep('2 hours');
      expect((await handle.result()).status).toBe('resolved');
      expect((await untilSent(start, before + 2))[before + 1]!.content).toBe(closing);
    });
  });

  test('a chat waiting for its attendant is never closed for the company’s silence', async () => {
    const worker = await h.newWorker();
    await worker.runUntil(async () => {
      const { handle, start } = await h.startChat(h.message('quero falar com um atendente'), { channel });
      const view = await h.untilStatus(handle, 'transferred');
      await handle.executeUpdate(claimUpdate, { args: [as('ana', view)] });
      const sent = (await untilSent(start, 1)).length;
      await h.env.sleep('3 days');
      const now = await handle.query(stateQuery);
      expect(now.status).toBe('waiting_attendant');
      expect(sentTo(start)).toHaveLength(sent);
      await handle.terminate('test over');
    });
  });
});
