import { FakeBotApi } from '../fakes/telegramBotApi';
import { ADMIN } from '../helpers/stack';
import { SplitStack } from '../helpers/splitStack';
import { messageUpdate } from '../helpers/telegramUpdates';
import { waitFor } from '../helpers/wait';

/**
 * Two polling Telegram bots and three API processes (as behind a load
 * balancer), against a local stand-in of the Bot API that, like Telegram,
 * ends a bot's getUpdates call with 409 when a second poller calls: exactly
 * one process polls each bot; SIGKILL that process and another resumes from
 * the confirmed offset within seconds, losing and repeating no update.
 */
const TOKENS = ['111111111:AAPollingFailoverBotNumberOne_0123', '222222222:AAPollingFailoverBotNumberTwo_0123'];
const botApi = new FakeBotApi();
let stack: SplitStack;

beforeAll(async () => {
  await botApi.start();
  stack = new SplitStack({ TELEGRAM_API_ROOT: botApi.url });
  await stack.start();
  await stack.addApi();
  await stack.addApi();
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await botApi.stop();
}, 60_000);

/** The pid named by a bot's polling lease (src/channels/telegram/pollingLease.ts). */
async function pollerOf(channelId: string): Promise<number | undefined> {
  const row = await stack.db.setting.findUnique({ where: { key: `telegram-poller:${channelId}` } });
  if (!row) return undefined;
  const lease = JSON.parse(row.value) as { holder: string; until: number };
  return lease.until > Date.now() ? Number(lease.holder.split('/')[1]) : undefined;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('each bot is polled by one process; killing it moves polling on without a lost or repeated update', async () => {
  const auth = await stack.login(ADMIN);
  const channels: string[] = [];
  for (const [i, botToken] of TOKENS.entries()) {
    const res = await stack.call(
      'POST',
      '/api/v1/channels',
      { type: 'telegram', name: `Bot ${i}`, botToken, secret: 'polling-failover-secret-0123', mode: 'polling' },
      auth,
    );
    expect(res.status).toBe(201);
    channels.push(String(res.body.id));
  }
  const pushed = new Map<string, number[]>(channels.map((c) => [c, []]));
  const push = (n: number) => {
    for (const [i, token] of TOKENS.entries()) {
      for (let k = 0; k < n; k++) {
        const update = messageUpdate(800_000 + i * 100 + k, { text: 'Qual o horário de atendimento?' });
        botApi.pushUpdate(update, token);
        pushed.get(channels[i]!)!.push(update.message.message_id);
      }
    }
  };
  const stored = (channelId: string) =>
    stack.db.message.findMany({ where: { channelId, sender: 'customer' }, select: { channelMessageId: true } });
  const allStored = async () => {
    for (const channelId of channels) {
      const rows = await stored(channelId);
      if (rows.length < pushed.get(channelId)!.length) return false;
    }
    return true;
  };

  push(5);
  await waitFor(allStored, Boolean, 60_000);
  const holders = await Promise.all(channels.map(pollerOf));
  expect(holders.every((pid) => pid !== undefined && alive(pid))).toBe(true);
  expect(botApi.conflicts.size).toBe(0); // never two pollers of one bot

  // Kill the process polling the first bot, mid-stream.
  const victim = holders[0]!;
  process.kill(victim, 'SIGKILL');
  push(5);
  const killedAt = Date.now();
  const successor = await waitFor(
    () => pollerOf(channels[0]!),
    (pid) => pid !== undefined && pid !== victim,
    30_000,
  );
  expect(alive(successor!)).toBe(true);
  await waitFor(allStored, Boolean, 60_000);
  const tookOver = Date.now() - killedAt;
  expect(tookOver).toBeLessThan(30_000);

  push(3);
  await waitFor(allStored, Boolean, 60_000);
  // Every answer goes out once: as many sendMessage calls per bot as answers stored, all delivered.
  const outbound = (channelId: string) =>
    stack.db.message.findMany({ where: { channelId, sender: { not: 'customer' } }, select: { deliveryStatus: true } });
  for (const [i, channelId] of channels.entries()) {
    const answers = await waitFor(
      () => outbound(channelId),
      (rows) => rows.length > 0 && rows.every((m) => m.deliveryStatus === 'delivered'),
      60_000,
    );
    await new Promise((r) => setTimeout(r, 2_000)); // a repeated update would be answered by now
    expect(await stored(channelId)).toHaveLength(pushed.get(channelId)!.length); // none lost
    expect(botApi.callsOf('sendMessage').filter((c) => c.token === TOKENS[i])).toHaveLength(answers.length);
    expect(await outbound(channelId)).toHaveLength(answers.length);
  }
  expect(botApi.conflicts.size).toBe(0);
}, 240_000);
