import { z } from 'zod';
import { CHAT_STATUSES } from '../../../workflows/types';
import { PageQuery } from '../pagination';

const id = z.string().min(1).max(128);

export const ListChatsQuery = PageQuery.extend({
  status: z.enum(CHAT_STATUSES).optional(),
  channelId: id.optional(),
  attendantId: id.optional(),
  contactId: id.optional(),
});

export const ListMessagesQuery = PageQuery.extend({
  chatId: id.optional(),
  contactId: id.optional(),
  attendantId: id.optional(),
});

export const ReplyBody = z.object({ content: z.string().trim().min(1, 'must not be empty').max(4096) });
export const ResolveBody = z.object({ note: z.string().trim().max(1000).optional() }).strict();
export const TransferBody = z.union(
  [z.object({ attendantId: id }).strict(), z.object({ department: z.string().trim().min(1).max(100) }).strict()],
  { error: 'give either attendantId or department' },
);
