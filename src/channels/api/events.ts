import { z } from 'zod';
import { normalizePhone } from '../../contacts/phone';
import type { InboundEvent } from '../inboundEvent';

/** Conversation and message ids become part of workflow ids: keep them to safe characters. */
const ExternalId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1–128 letters, digits, ".", "_", ":" or "-"');

const Contact = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .refine((v) => normalizePhone(v) !== null, 'must be a valid phone number (E.164, or Brazilian without +55)')
    .optional(),
  email: z.email().optional(),
});

export const ApiChannelEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('NEW_CONVERSATION'),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.object({ id: ExternalId, contact: Contact.optional() }),
  }),
  z.object({
    type: z.literal('NEW_MESSAGE'),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.object({
      id: ExternalId,
      direction: z.enum(['RECEIVED', 'SENT']),
      content: z.string().trim().min(1, 'must not be empty').max(4096),
      conversation_id: ExternalId,
    }),
  }),
  z.object({
    type: z.literal('CLOSE_CONVERSATION'),
    timestamp: z.iso.datetime({ offset: true }),
    data: z.object({ id: ExternalId }),
  }),
]);
export type ApiChannelEvent = z.infer<typeof ApiChannelEvent>;

/** The event as the channel seam's InboundEvent (src/channels/inboundEvent.ts). */
export function apiChannelInbound(event: ApiChannelEvent, receivedAt: Date): InboundEvent {
  switch (event.type) {
    case 'NEW_CONVERSATION':
      return {
        kind: 'open',
        externalChatId: event.data.id,
        ...(event.data.contact ? { contact: event.data.contact } : {}),
      };
    case 'NEW_MESSAGE':
      return {
        kind: 'message',
        externalChatId: event.data.conversation_id,
        toOpenChat: true,
        message: {
          channelMessageId: event.data.id,
          direction: event.data.direction === 'SENT' ? 'sent' : 'received',
          type: 'text',
          content: event.data.content,
          sentAt: event.timestamp,
          receivedAt: receivedAt.toISOString(),
        },
      };
    case 'CLOSE_CONVERSATION':
      return {
        kind: 'close',
        externalChatId: event.data.id,
        request: { actor: 'channel', note: 'conversation closed by the channel' },
        signedAt: event.timestamp,
      };
  }
}
