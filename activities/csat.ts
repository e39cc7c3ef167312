import { csatOf, durationMs } from '../src/csat/settings';
import { csatTexts, type CsatTexts } from '../src/csat/texts';
import { chatVariables } from '../src/automaticMessages/chatTexts';
import { loadAutomaticMessages } from '../src/automaticMessages/store';
import { SERVICE_WINDOW_MS } from '../src/channels/whatsapp/serviceWindow';
import { chatEvent } from '../src/events/chatEvents';
import { readJsonColumn } from '../src/db/jsonColumn';
import type { ActivityDeps } from './deps';

/** A rating this low or lower raises `csat.low` for supervisors. */
export const LOW_RATING = 2;

/** What the workflow does once a chat is resolved: ask (for `windowMs`, in these words), or not. */
export type CsatPlan = { ask: true; windowMs: number; texts: CsatTexts } | { ask: false; skipped?: string };

/** The note a skipped survey leaves in the chat's history. */
export const CSAT_SKIPPED_NOTE =
  'Pesquisa de satisfação não enviada: o cliente escreveu pela última vez há mais de 24 horas (janela do WhatsApp).';

/**
 * The satisfaction survey's database work (docs/api.md, "Satisfaction
 * survey"): whether to ask, read when the chat is resolved (the channel's
 * `csat` settings, WhatsApp's 24-hour window), and the answers, written to
 * the chat's `rating` and `feedback`. Idempotent: a re-run writes the same.
 */
export function createCsatActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    async csatPlan(input: { chatId: string; channelId: string; language?: 'pt' | 'en' }): Promise<CsatPlan> {
      const channel = await db.channel.findUnique({
        where: { id: input.channelId },
        select: { type: true, settings: true, active: true },
      });
      if (!channel || !channel.active) return { ask: false, skipped: 'channel' };
      const csat = csatOf(readJsonColumn<Record<string, unknown>>(channel.settings, {}));
      if (!csat.enabled) return { ask: false, skipped: 'disabled' };
      if (channel.type === 'whatsapp') {
        const last = await db.message.findFirst({
          where: { chatId: input.chatId, sender: 'customer' },
          orderBy: { createdAt: 'desc' },
          select: { createdAt: true },
        });
        if (!last || Date.now() - last.createdAt.getTime() > SERVICE_WINDOW_MS) {
          const id = `${input.chatId}-csat-skipped`;
          await db.message.upsert({
            where: { id },
            create: {
              id,
              chatId: input.chatId,
              channelId: input.channelId,
              sender: 'system',
              type: 'system',
              content: CSAT_SKIPPED_NOTE,
              metadata: JSON.stringify({ csat: 'skipped' }),
              createdAt: new Date(),
            },
            update: {},
          });
          return { ask: false, skipped: 'whatsapp_window' };
        }
      }
      const [messages, chat] = await Promise.all([
        loadAutomaticMessages(db),
        db.chat.findUnique({
          where: { id: input.chatId },
          select: { contact: { select: { name: true } }, attendant: { select: { name: true } } },
        }),
      ]);
      const vars = chatVariables({
        contactName: chat?.contact.name ?? null,
        attendantName: chat?.attendant?.name ?? null,
      });
      const texts = csatTexts(messages, input.channelId, input.language ?? 'pt', vars);
      return { ask: true, windowMs: durationMs(csat.window), texts };
    },

    /** The customer's rating (1–5) or comment; a rating raises `csat.received`, a low one `csat.low` too, once. */
    async recordCsat(input: { chatId: string; rating?: number; feedback?: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const chat = await tx.chat.findUniqueOrThrow({ where: { id: input.chatId }, select: { rating: true } });
        if (input.rating !== undefined) {
          if (chat.rating === input.rating) return; // a re-run
          await tx.chat.update({ where: { id: input.chatId }, data: { rating: input.rating } });
          await tx.chatEvent.create({ data: chatEvent('csat.received', input.chatId, { rating: input.rating }) });
          if (input.rating <= LOW_RATING) {
            await tx.chatEvent.create({ data: chatEvent('csat.low', input.chatId, { rating: input.rating }) });
          }
        }
        if (input.feedback !== undefined) {
          await tx.chat.update({ where: { id: input.chatId }, data: { feedback: input.feedback.slice(0, 4000) } });
        }
      });
    },
  };
}
