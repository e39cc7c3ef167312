import { z } from 'zod';
import type { InboundMessage, MediaFile, MessageType } from '../../../workflows/types';
import type { InboundEvent } from '../inboundEvent';

/**
 * The Cloud API webhook payload
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components),
 * the parts Atende reads. Unknown fields are ignored; unknown message types
 * are kept as `unsupported`.
 */
const WaId = z.string().regex(/^\d{5,20}$/, 'must be digits');
const Wamid = z.string().min(1).max(256);
const Media = z.object({
  id: z.string().min(1).max(256),
  mime_type: z.string().max(255).optional(),
  caption: z.string().max(4096).optional(),
  filename: z.string().max(1024).optional(),
});
const Message = z.object({
  from: WaId,
  id: Wamid,
  timestamp: z.string().regex(/^\d{1,12}$/),
  type: z.string().max(32),
  text: z.object({ body: z.string().max(65_536) }).optional(),
  image: Media.optional(),
  audio: Media.optional(),
  video: Media.optional(),
  document: Media.optional(),
  sticker: Media.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().max(1024).optional(),
      address: z.string().max(1024).optional(),
    })
    .optional(),
  contacts: z
    .array(
      z.object({
        name: z
          .object({ formatted_name: z.string().max(512) })
          .partial()
          .optional(),
        phones: z
          .array(z.object({ phone: z.string().max(64).optional() }))
          .max(20)
          .optional(),
      }),
    )
    .max(50)
    .optional(),
  interactive: z
    .object({
      type: z.string().max(32),
      button_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).optional(),
      list_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).optional(),
    })
    .optional(),
  button: z.object({ text: z.string().max(1024), payload: z.string().max(1024).optional() }).optional(),
  reaction: z.object({ message_id: Wamid, emoji: z.string().max(32).optional() }).optional(),
});
type Message = z.infer<typeof Message>;
const Status = z.object({
  id: Wamid,
  status: z.string().max(32),
  timestamp: z.string().max(20).optional(),
  recipient_id: z.string().max(64).optional(),
  errors: z
    .array(z.object({ code: z.number().int(), title: z.string().max(1024).optional() }))
    .max(10)
    .optional(),
});
const Value = z.object({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.object({ phone_number_id: z.string().max(64) }),
  contacts: z
    .array(
      z.object({
        wa_id: WaId,
        profile: z
          .object({ name: z.string().max(256) })
          .partial()
          .optional(),
      }),
    )
    .max(100)
    .optional(),
  messages: z.array(Message).max(1000).optional(),
  statuses: z.array(Status).max(1000).optional(),
});
export const WhatsAppPayload = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string().max(64),
        changes: z.array(z.object({ field: z.string().max(64), value: Value.optional() })).max(100),
      }),
    )
    .min(1)
    .max(100),
});
export type WhatsAppPayload = z.infer<typeof WhatsAppPayload>;

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;

function mediaOf(m: Media): MediaFile {
  return {
    ref: m.id,
    ...(m.mime_type ? { mimeType: m.mime_type } : {}),
    ...(m.filename ? { filename: m.filename } : {}),
  };
}
type Media = z.infer<typeof Media>;

/** A message's type, text (or caption, or a rendering) and file. */
function contentOf(m: Message): { type: MessageType; content: string; media?: MediaFile } {
  if (m.type === 'text' && m.text) return { type: 'text', content: m.text.body };
  for (const kind of MEDIA_TYPES) {
    const media = m[kind];
    if (m.type === kind && media) return { type: kind, content: media.caption ?? '', media: mediaOf(media) };
  }
  if (m.type === 'location' && m.location) {
    const { latitude, longitude, name, address } = m.location;
    return { type: 'location', content: [`📍 ${latitude}, ${longitude}`, name, address].filter(Boolean).join(' — ') };
  }
  if (m.type === 'contacts' && m.contacts) {
    const cards = m.contacts.map((c) =>
      [c.name?.formatted_name, ...(c.phones ?? []).map((p) => p.phone)].filter(Boolean).join(' '),
    );
    return { type: 'contact', content: cards.join('\n') };
  }
  // A tap on a reply button or list row: its title is what the customer "said".
  const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
  if (m.type === 'interactive' && reply) return { type: 'interactive', content: reply.title };
  if (m.type === 'button' && m.button) return { type: 'interactive', content: m.button.text };
  return { type: 'unsupported', content: '' };
}

const STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;

/** The events of one payload for the channel's number, in payload order. */
export function whatsappEvents(payload: WhatsAppPayload, phoneNumberId: string, receivedAt: Date): InboundEvent[] {
  const events: InboundEvent[] = [];
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      const value = change.value;
      // One app may serve several numbers: only this channel's are its own.
      if (change.field !== 'messages' || !value || value.metadata.phone_number_id !== phoneNumberId) continue;
      const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const m of value.messages ?? []) {
        if (m.type === 'reaction' && m.reaction) {
          events.push({ kind: 'reaction', targetMessageId: m.reaction.message_id, emoji: m.reaction.emoji ?? '' });
          continue;
        }
        const { type, content, media } = contentOf(m);
        const message: InboundMessage = {
          channelMessageId: m.id,
          direction: 'received',
          type,
          content,
          ...(media ? { media } : {}),
          sentAt: new Date(Number(m.timestamp) * 1000).toISOString(),
          receivedAt: receivedAt.toISOString(),
        };
        const name = names.get(m.from);
        events.push({
          kind: 'message',
          externalChatId: m.from,
          contact: { phone: `+${m.from}`, ...(name ? { name } : {}) },
          message,
        });
      }
      for (const s of value.statuses ?? []) {
        const status = STATUSES.find((known) => known === s.status);
        if (!status) continue;
        const error = s.errors?.[0];
        events.push({
          kind: 'status',
          providerMessageId: s.id,
          status,
          ...(error ? { error: [error.code, error.title].filter((v) => v !== undefined).join(' ') } : {}),
        });
      }
    }
  }
  return events;
}
