import { conflict } from '../../http/httpError';
import type { Db } from '../../db/client';

/** WhatsApp's customer-service window: free-form messages only this long after the customer last wrote. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Where a WhatsApp chat stands: free-form replies until `closesAt` (null when the customer never wrote). */
export function serviceWindowOf(lastCustomerMessageAt: Date | null, now = new Date()) {
  if (!lastCustomerMessageAt) return { open: false, closesAt: null };
  const closesAt = new Date(lastCustomerMessageAt.getTime() + SERVICE_WINDOW_MS);
  return { open: now.getTime() <= closesAt.getTime(), closesAt: closesAt.toISOString() };
}

/**
 * Refuses (409) a free-form message outside the window, before it is sent:
 * Meta would refuse it anyway (error 131047), after the attendant believed
 * it sent. A template is the way to write again.
 */
export async function assertInsideServiceWindow(db: Db, chatId: string, now = new Date()): Promise<void> {
  const last = await db.message.findFirst({
    where: { chatId, sender: 'customer' },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  if (last && now.getTime() - last.createdAt.getTime() <= SERVICE_WINDOW_MS) return;
  throw conflict(
    'outside_customer_service_window',
    'the customer last wrote more than 24 hours ago: send a template (POST /api/v1/chats/:chatId/template)',
  );
}
