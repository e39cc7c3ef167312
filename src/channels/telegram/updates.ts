import { z } from 'zod';
import type { InboundMessage, MediaFile, MessageType } from '../../../workflows/types';
import type { InboundEvent } from '../inboundEvent';
import { telegramMessageKey } from './messageKey';

/**
 * The part of a Bot API `Update` Atende reads (https://core.telegram.org/bots/api#update).
 * Unknown fields are ignored; a known field of the wrong shape is a 400.
 */
const FileFields = {
  file_id: z.string().min(1).max(512),
  file_size: z.number().int().nonnegative().optional(),
  mime_type: z.string().max(255).optional(),
  file_name: z.string().max(1024).optional(),
};
const TelegramFile = z.object(FileFields);
const PhotoSize = z.object({ ...FileFields, width: z.number().int(), height: z.number().int() });
const User = z.object({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string().max(256),
  last_name: z.string().max(256).optional(),
  username: z.string().max(256).optional(),
});
const TelegramMessage = z.object({
  message_id: z.number().int().nonnegative(),
  date: z.number().int().nonnegative(),
  /** On an edited_message: when this text was written (Unix seconds). */
  edit_date: z.number().int().nonnegative().optional(),
  chat: z.object({ id: z.number().int(), type: z.string().max(32) }),
  from: User.optional(),
  text: z.string().max(65_536).optional(),
  caption: z.string().max(65_536).optional(),
  photo: z.array(PhotoSize).min(1).max(20).optional(),
  document: TelegramFile.optional(),
  voice: TelegramFile.optional(),
  audio: TelegramFile.optional(),
  video: TelegramFile.optional(),
  video_note: TelegramFile.optional(),
  sticker: TelegramFile.extend({ emoji: z.string().max(32).optional() }).optional(),
  location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
  contact: z
    .object({
      phone_number: z.string().max(64),
      first_name: z.string().max(256),
      /** Set when the card is a Telegram user's: the sender's own id when they share themselves. */
      user_id: z.number().int().optional(),
      last_name: z.string().max(256).optional(),
    })
    .optional(),
});
type TelegramMessage = z.infer<typeof TelegramMessage>;

export const TelegramUpdate = z.object({
  update_id: z.number().int().nonnegative(),
  message: TelegramMessage.optional(),
  edited_message: TelegramMessage.optional(),
  /** A press of an inline keyboard's button (the satisfaction survey's ratings, `csat:<n>`). */
  callback_query: z
    .object({
      id: z.string().min(1).max(256),
      from: User,
      message: TelegramMessage.optional(),
      data: z.string().max(64).optional(),
    })
    .optional(),
});
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;

/** What a message carries: its type, text (or caption, or a rendering) and file. */
function contentOf(m: TelegramMessage): { type: MessageType; content: string; media?: MediaFile } {
  const caption = m.caption ?? '';
  const file = (f: z.infer<typeof TelegramFile>, fallbackMime?: string): MediaFile => ({
    ref: f.file_id,
    ...(f.mime_type || fallbackMime ? { mimeType: f.mime_type ?? fallbackMime } : {}),
    ...(f.file_name ? { filename: f.file_name } : {}),
    ...(f.file_size !== undefined ? { size: f.file_size } : {}),
  });
  if (m.text !== undefined) return { type: 'text', content: m.text };
  // Telegram sends each photo in several sizes, smallest first.
  if (m.photo) return { type: 'image', content: caption, media: file(m.photo[m.photo.length - 1]!, 'image/jpeg') };
  if (m.document) return { type: 'document', content: caption, media: file(m.document) };
  if (m.voice) return { type: 'audio', content: caption, media: file(m.voice, 'audio/ogg') };
  if (m.audio) return { type: 'audio', content: caption, media: file(m.audio) };
  if (m.video) return { type: 'video', content: caption, media: file(m.video, 'video/mp4') };
  if (m.video_note) return { type: 'video', content: '', media: file(m.video_note, 'video/mp4') };
  if (m.sticker) return { type: 'sticker', content: m.sticker.emoji ?? '', media: file(m.sticker) };
  if (m.location) return { type: 'location', content: `📍 ${m.location.latitude}, ${m.location.longitude}` };
  if (m.contact) {
    const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ');
    return { type: 'contact', content: `${name} ${m.contact.phone_number}` };
  }
  return { type: 'unsupported', content: '' };
}

/**
 * An update as channel events. Only private chats with people are
 * conversations: groups, channels' posts and other bots are ignored, as are
 * update kinds Atende does not handle (polls, other buttons…). A survey button (`csat:<n>`)
 * is the customer's rating, as a message.
 */
export function telegramEvents(update: TelegramUpdate, receivedAt: Date): InboundEvent[] {
  if (update.callback_query) return callbackEvents(update.callback_query, receivedAt);
  const edited = update.edited_message;
  const m = update.message ?? edited;
  if (!m || m.chat.type !== 'private' || m.from?.is_bot) return [];
  const externalChatId = String(m.chat.id);
  const channelMessageId = telegramMessageKey(m.chat.id, m.message_id);
  const { type, content, media } = contentOf(m);
  const message: InboundMessage = {
    channelMessageId,
    direction: 'received',
    type,
    content,
    ...(media ? { media } : {}),
    sentAt: new Date(m.date * 1000).toISOString(),
    receivedAt: receivedAt.toISOString(),
  };
  if (edited) {
    // Edits may arrive out of order, or again: the edit date tells which text is the newest.
    const editedAt = new Date((edited.edit_date ?? edited.date) * 1000).toISOString();
    return [{ kind: 'edit', externalChatId, message, editedAt }];
  }
  const contact = m.from
    ? {
        externalId: `telegram:${m.from.id}`,
        name: [m.from.first_name, m.from.last_name].filter(Boolean).join(' '),
      }
    : undefined;
  // Their own card ("share my phone number"): the phone becomes their contact's.
  if (contact && m.contact && m.contact.user_id === m.from!.id) {
    message.ownContact = { phone: m.contact.phone_number, externalId: contact.externalId };
  }
  return [{ kind: 'message', externalChatId, contact, message }];
}

/** The callback query to answer (answerCallbackQuery), so the customer's button stops spinning. */
export function callbackQueryOf(update: TelegramUpdate): string | null {
  return update.callback_query?.id ?? null;
}

/**
 * A survey button pressed: the rating as a message of the customer ("1"–"5"),
 * keyed by the query's id (Telegram sends each press once). Other buttons
 * Atende never sent are ignored.
 */
function callbackEvents(query: NonNullable<TelegramUpdate['callback_query']>, receivedAt: Date): InboundEvent[] {
  const rating = /^csat:([1-5])$/.exec(query.data ?? '');
  const chat = query.message?.chat;
  if (!rating || !chat || chat.type !== 'private' || query.from.is_bot) return [];
  const at = receivedAt.toISOString();
  return [
    {
      kind: 'message',
      externalChatId: String(chat.id),
      contact: {
        externalId: `telegram:${query.from.id}`,
        name: [query.from.first_name, query.from.last_name].filter(Boolean).join(' '),
      },
      message: {
        channelMessageId: `callback:${query.id}`,
        direction: 'received',
        type: 'interactive',
        content: rating[1]!,
        sentAt: at,
        receivedAt: at,
      },
    },
  ];
}
