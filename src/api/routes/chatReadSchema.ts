import { z } from 'zod';

/** `POST /api/v1/chats/:chatId/read`: up to `messageId` (a message of the chat), or without it up to its latest message. */
export const MarkReadBody = z.object({ messageId: z.string().min(1).max(512).optional() }).strict();
