/**
 * Records chat workflow histories for the replay tests
 * (`npm run record:histories -- <label>`). Run it when the workflow changes on
 * purpose, and keep the old files: replaying them proves running chats
 * survive a deploy. The label keeps two recordings of one day apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import {
  channelEventSignal,
  claimUpdate,
  holdUpdate,
  replyUpdate,
  resolveUpdate,
  stateQuery,
  transferUpdate,
  unholdUpdate,
} from '../../workflows/chat';
import { retentionWorkflow } from '../../workflows/retention';
import { ChatHarness } from '../helpers/chatHarness';
import { waitFor } from '../helpers/wait';

const OUT = path.join(__dirname, '..', 'fixtures', 'histories');
fs.mkdirSync(OUT, { recursive: true });

async function main(): Promise<void> {
  const h = new ChatHarness();
  await h.setUp();
  const label = process.argv[2] ?? 'current';
  if (!/^[a-z0-9-]+$/.test(label)) throw new Error('label: lower-case letters, digits and "-" only');
  const version = `${new Date().toISOString().slice(0, 10)}-${label}`;
  try {
    const worker = await h.newWorker();
    await worker.runUntil(async () => {
      const ana = { attendantId: 'ana', role: 'attendant' as const };

      const answered = await h.startChat(h.message('Preciso da segunda via do boleto'));
      await h.untilStatus(answered.handle, 'waiting_customer');
      await h.send(answered.start, h.message('obrigado'));
      await waitFor(
        () => answered.handle.query(stateQuery),
        (s) => s.history.length >= 5,
      );
      await answered.handle.signal(channelEventSignal, { type: 'close', request: { actor: 'customer' } });
      await answered.handle.result();

      const handoff = await h.startChat(h.message('quero falar com um atendente'));
      const { chatId } = await h.untilStatus(handoff.handle, 'transferred');
      await handoff.handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId }] });
      await handoff.handle.executeUpdate(replyUpdate, { args: [{ ...ana, chatId, content: 'Olá!' }] });
      await h.send(handoff.start, h.message('meu app não abre'));
      await h.untilStatus(handoff.handle, 'waiting_attendant');
      await handoff.handle.executeUpdate(transferUpdate, { args: [{ ...ana, chatId, toDepartment: 'suporte' }] });
      await handoff.handle.executeUpdate(resolveUpdate, { args: [{ ...ana, role: 'supervisor', chatId, note: 'ok' }] });
      await handoff.handle.result();

      // The bot answers, the customer asks again, then complains: two failed answers hand off.
      const unhelped = await h.startChat(h.message('Preciso da segunda via do boleto'));
      await h.untilStatus(unhelped.handle, 'waiting_customer');
      await h.send(unhelped.start, h.message('Preciso da segunda via do boleto'));
      await waitFor(
        () => unhelped.handle.query(stateQuery),
        (s) => s.botAttempts === 1 && s.status === 'waiting_customer',
      );
      await h.send(unhelped.start, h.message('isso não ajudou'));
      const { chatId: unhelpedId } = await h.untilStatus(unhelped.handle, 'transferred');
      await unhelped.handle.executeUpdate(resolveUpdate, {
        args: [{ ...ana, role: 'supervisor', chatId: unhelpedId }],
      });
      await unhelped.handle.result();

      // The customer asks for the chat's protocol number (the first answer carried it already).
      const asked = await h.startChat(h.message('oi'));
      await h.untilStatus(asked.handle, 'waiting_customer');
      await h.send(asked.start, h.message('qual é o meu protocolo?'));
      await waitFor(
        () => asked.handle.query(stateQuery),
        (s) => s.history.length >= 5,
      );
      await asked.handle.signal(channelEventSignal, { type: 'close', request: { actor: 'customer' } });
      await asked.handle.result();

      // Resolved on a channel with the satisfaction survey: a rating, a comment, thanks.
      const surveyed = await h.createChannel(h.receiver.url, { csat: { enabled: true, window: '1 hour' } });
      const rated = await h.startChat(h.message('quero falar com um atendente'), { channel: surveyed });
      const { chatId: ratedId } = await h.untilStatus(rated.handle, 'transferred');
      await rated.handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId: ratedId }] });
      await rated.handle.executeUpdate(resolveUpdate, { args: [{ ...ana, chatId: ratedId }] });
      const surveyAsked = (step: string) =>
        waitFor(
          async () =>
            h.receiver.received.filter(
              (c) => c.body.data.conversation_id === rated.start.externalChatId && c.body.data.csat === step,
            ),
          (c) => c.length > 0,
        );
      await surveyAsked('rating');
      await h.send(rated.start, h.message('5'));
      await surveyAsked('comment');
      await h.send(rated.start, h.message('muito bom'));
      await rated.handle.result();

      // A retention run (workflows/retention.ts) over this database: its settings keep everything.
      const retention = await h.env.client.workflow.start(retentionWorkflow, {
        taskQueue: h.currentTaskQueue,
        workflowId: `retention-${version}`,
        args: [{ trigger: 'schedule' }],
      });
      await retention.result();
      // A channel with inactivity: the bot answers, the customer stays silent: the warning, then the close.
      const watched = await h.createChannel(h.receiver.url, {
        inactivity: { withBot: { warnAfter: '1 minute', closeAfter: '2 minutes' } },
      });
      const silent = await h.startChat(h.message('bom dia'), { channel: watched });
      await h.untilStatus(silent.handle, 'waiting_customer');
      await h.env.sleep('3 minutes');
      await silent.handle.result();
      // Under an SLA policy: handed off, claimed, held until a time that passes, held again and
      // released, answered, the customer writes (next response), resolved.
      const policies = [
        { name: 'Padrão', targets: { firstResponse: '1 hour', nextResponse: '1 hour', resolution: '1 day' } },
      ];
      await h.db.setting.upsert({
        where: { key: 'sla-policies' },
        create: { key: 'sla-policies', value: JSON.stringify(policies) },
        update: { value: JSON.stringify(policies) },
      });
      const held = await h.startChat(h.message('quero falar com um atendente'));
      const { chatId: heldId } = await h.untilStatus(held.handle, 'transferred');
      await held.handle.executeUpdate(claimUpdate, { args: [{ ...ana, chatId: heldId }] });
      const until = new Date((await h.env.currentTimeMs()) + 2000).toISOString();
      await held.handle.executeUpdate(holdUpdate, { args: [{ ...ana, chatId: heldId, until, reason: 'financeiro' }] });
      await h.untilStatus(held.handle, 'waiting_attendant');
      await held.handle.executeUpdate(holdUpdate, { args: [{ ...ana, chatId: heldId }] });
      await held.handle.executeUpdate(unholdUpdate, { args: [{ ...ana, chatId: heldId }] });
      await held.handle.executeUpdate(replyUpdate, { args: [{ ...ana, chatId: heldId, content: 'Resolvido?' }] });
      await h.send(held.start, h.message('sim, obrigado'));
      await h.untilStatus(held.handle, 'waiting_attendant');
      await held.handle.executeUpdate(resolveUpdate, { args: [{ ...ana, chatId: heldId }] });
      await held.handle.result();

      const recorded = [
        ['retention-run', retention],
        ['answered-closed', answered.handle],
        ['inactivity-closed', silent.handle],
        ['handoff-resolved', handoff.handle],
        ['bot-failed-twice', unhelped.handle],
        ['asked-closed', asked.handle],
        ['csat-rated', rated.handle],
        ['sla-held-resolved', held.handle],
      ] as const;
      for (const [name, handle] of recorded) {
        // Binary protobuf: the JSON helper trips over two protobufjs copies in node_modules.
        const file = path.join(OUT, `${version}-${name}.binpb`);
        fs.writeFileSync(file, temporal.api.history.v1.History.encode(await handle.fetchHistory()).finish());
        console.log(`wrote ${path.relative(process.cwd(), file)}`);
      }
    });
  } finally {
    await h.tearDown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
