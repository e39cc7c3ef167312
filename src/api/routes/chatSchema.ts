import { z } from 'zod';
import { CHAT_STATUSES } from '../../../workflows/types';
import { AttachmentBody } from '../../media/attachmentBody';
import { PageQuery } from '../pagination';
import { NoteText } from './noteSchema';

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
  /** Chats carrying every tag named (repeat it, or a comma list); names ignore case. */
  tag: z
    .union([z.string(), z.array(z.string())])
    .transform((t) => (Array.isArray(t) ? t : [t]).flatMap((s) => s.split(',')).map((s) => s.trim()))
    .pipe(z.array(z.string().min(1).max(50)).min(1).max(10))
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
    /** A canned response to send: its text rendered for the chat, unless `content` (the attendant's edit) is given. */
    cannedResponseId: id.optional(),
    /** Several canned responses inserted into one message: each is counted as used. */
    cannedResponseIds: z.array(id).min(1).max(20).optional(),
  })
  .strict()
  .refine((b) => (b.content ?? '') !== '' || b.attachment || b.cannedResponseId || b.cannedResponseIds, {
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
export const ResolveBody = z
  .object({
    note: z.string().trim().max(1000).optional(),
    /** A contact reason: the name of a tag of kind `reason` (docs/api.md "Tags"). */
    reason: z.string().trim().min(1).max(50).optional(),
  })
  .strict();
/** `note`: an internal note for whoever receives the chat (docs/api.md, Notes). */
const transferNote = NoteText.optional();
export const TransferBody = z.union(
  [
    z.object({ attendantId: id, note: transferNote }).strict(),
    z.object({ department: z.string().trim().min(1).max(100), note: transferNote }).strict(),
  ],
  { error: 'give either attendantId or department' },
);
