/** The live events of docs/api.md ("Live events"), as rows of the ChatEvent table. */
export const CHAT_EVENT_TYPES = [
  'chat.created',
  'chat.status',
  'chat.assigned',
  'message.created',
  'message.status',
  'queue.changed',
  'note.created',
  'note.mentioned',
  /** A satisfaction survey answered with a rating of 2 or less (supervisors and admins only). */
  'csat.low',
  /** A satisfaction survey's rating stored (1–5; supervisors and admins only, and event webhooks). */
  'csat.received',
  /** A chat's SLA clock reached its policy's `warnAt` share, or its target (workflows/sla.ts). */
  'sla.warning',
  'sla.breached',
] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];

/**
 * One event row, written in the transaction of the change it announces (so
 * a change and its event are never one without the other). `data` always
 * carries the chat id; clients read the rest through the REST API.
 */
export function chatEvent(type: ChatEventType, chatId: string, data: Record<string, unknown> = {}) {
  return { type, chatId, data: JSON.stringify({ chatId, ...data }) };
}
