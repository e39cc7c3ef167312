import { z } from 'zod';
import { CHAT_STATUSES } from '../../../workflows/types';
import { AttachmentBody } from '../../media/attachmentBody';
import { PageQuery } from '../pagination';

const id = z.string().min(1).max(128);

export const ListChatsQuery = PageQuery.extend({
  status: z.enum(CHAT_STATUSES).optional(),
  channelId: id.optional(),
  attendantId: id.optional(),
  contactId: id.optional(),
  /** Exact; typed with or without punctuation ("2026.1201-000042"). */
  protocol: z
    .string()
    .trim()
    .regex(/^[\s./-]*\d[\d\s./-]{0,39}$/, 'a protocol number: digits, with or without punctuation')
    .transform((p) => p.replace(/\D/g, ''))
    .optional(),
});

export const ListMessagesQuery = PageQuery.extend({
  chatId: id.optional(),
  contactId: id.optional(),
  attendantId: id.optional(),
});

export const ReplyBody = z
  .object({
    content: z.string().trim().max(4096).optional(),
    attachment: AttachmentBody.optional(),
  })
  .strict()
  .refine((b) => (b.content ?? '') !== '' || b.attachment, {
    message: 'give content, an attachment or both',
    path: ['content'],
  });
/** A WhatsApp message template (approved in Meta's manager), for replies outside the 24-hour window. */
export const TemplateBody = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a template name: lowercase letters, digits and "_"'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code such as "pt_BR"'),
    components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
    /** The body's parameters ({{1}}, {{2}}…) in order, as text: the API writes the components. */
    variables: z.array(z.string().trim().min(1, 'must not be empty').max(1024)).max(20).optional(),
  })
  .strict()
  .refine((b) => !(b.variables && b.components), {
    message: 'give variables or components, not both',
    path: ['variables'],
  });
export const ResolveBody = z.object({ note: z.string().trim().max(1000).optional() }).strict();
export const TransferBody = z.union(
  [z.object({ attendantId: id }).strict(), z.object({ department: z.string().trim().min(1).max(100) }).strict()],
  { error: 'give either attendantId or department' },
);
