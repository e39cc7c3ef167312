import type { Db } from '../../src/db/client';
import { storeInbound } from '../../activities/chatStore';
import { createChatChangeActivities } from '../../activities/chatChanges';
import type { Reader } from '../../src/chats/readScope';
import { TEST_SECRETS } from './channelServices';

/**
 * A small search corpus with known answers (tests/api/search.test.ts), the
 * same on SQLite and PostgreSQL. Messages go in by the normal write paths:
 * customers' through `storeInbound`, the bot's through `applyChatChanges`.
 *
 * Attendant A holds chat j1 only; attendant B holds m1 and e1; j0 is a
 * closed chat nobody holds (only supervisors read it).
 */
export async function seedSearchCorpus(db: Db) {
  const channelId = (await db.channel.create({ data: { type: 'api', name: 'corpus' } })).id;
  const attendant = (name: string, role: string, department: string | null) =>
    db.attendant.create({
      data: { name, email: `${name}@corpus.example`, passwordHash: 'x', role, department },
    });
  const [sup, a, b] = [
    await attendant('sup', 'supervisor', null),
    await attendant('ana', 'attendant', 'vendas'),
    await attendant('bia', 'attendant', 'suporte'),
  ];
  const contact = (data: { name: string; phone?: string; cpf?: string; email?: string }, key: string) =>
    db.contact.create({ data: { ...data, identities: { create: { channelId, externalId: key } } } });
  const joao = await contact(
    { name: 'João da Silva Araújo', phone: '+5511988887777', cpf: '12345678909', email: 'joao.silva@exemplo.com' },
    'joao',
  );
  const maria = await contact({ name: 'María Conceição', phone: '+5521999990000' }, 'maria');
  const john = await contact({ name: 'John Smith', email: 'john@example.org' }, 'john');

  const started = Date.now() - 3_600_000;
  const chat = async (id: string, contactId: string, data: Record<string, unknown>) => {
    await db.chat.create({
      data: {
        id,
        workflowId: `wf-${id}`,
        channelId,
        externalChatId: id,
        contactId,
        status: 'waiting_attendant',
        startedAt: new Date(started),
        ...data,
      },
    });
    return id;
  };
  const chats = {
    j0: await chat('corpus-j0', joao.id, {
      status: 'resolved',
      protocol: '20261130000007',
      startedAt: new Date(started - 86_400_000),
      closedAt: new Date(started - 80_000_000),
    }),
    j1: await chat('corpus-j1', joao.id, { protocol: '20261201000042', attendantId: a.id }),
    m1: await chat('corpus-m1', maria.id, { protocol: '20261201000043', attendantId: b.id }),
    e1: await chat('corpus-e1', john.id, { attendantId: b.id }),
  };

  let n = 0;
  const inbound = async (chatId: string, content: string) => {
    const at = new Date(started + ++n * 1000).toISOString();
    const stored = await storeInbound(db, {
      chatId,
      channelId,
      sender: 'customer',
      message: {
        channelMessageId: `corpus-${n}`,
        direction: 'received',
        type: 'text',
        content,
        sentAt: at,
        receivedAt: at,
      },
    });
    return stored.messageId;
  };
  const changes = createChatChangeActivities({ db, bot: {} as never, senders: {} as never, secrets: TEST_SECRETS });
  const outbound = async (chatId: string, content: string) => {
    const messageId = `${chatId}-out-${++n}`;
    await changes.applyChatChanges({
      chatId,
      entries: [],
      outbound: [
        {
          messageId,
          chatId,
          channelId,
          externalChatId: chatId,
          sender: 'bot',
          content,
          attendantId: null,
          createdAt: new Date(started + n * 1000).toISOString(),
        },
      ],
      chat: { status: 'waiting_attendant', priority: 'normal', context: {} },
    });
    return messageId;
  };

  const messages = {
    cancel: await inbound(chats.j1, 'Olá, quero o CANCELAMENTO do meu plano'),
    cpf: await inbound(chats.j1, 'Meu CPF é 123.456.789-09'),
    segundaVia: await outbound(chats.j1, 'Entendi! Vou pedir a segunda via do boleto para você.'),
    cobranca: await inbound(chats.j0, 'A cobrança veio duplicada na fatura'),
    internet: await inbound(chats.m1, 'Não consigo acessar a internet desde ontem'),
    cancelar: await inbound(chats.m1, 'Quero cancelar a assinatura'),
    refund: await inbound(chats.e1, 'I would like a refund for the cancellation fee'),
    payment: await inbound(chats.e1, 'The payment failed twice'),
  };

  const reader = (row: { id: string; role: string; department: string | null }): Reader => ({
    id: row.id,
    role: row.role as Reader['role'],
    department: row.department,
  });
  return {
    channelId,
    contacts: { joao: joao.id, maria: maria.id, john: john.id },
    chats,
    messages,
    readers: { supervisor: reader(sup), a: reader(a), b: reader(b) },
  };
}

export type SearchCorpus = Awaited<ReturnType<typeof seedSearchCorpus>>;
