/**
 * The variables a canned response may use, and their values for a chat. Pure
 * (no database, no Node): the console imports it to preview a canned
 * response for the open chat, and the server renders with the same values
 * when the reply is sent (./cannedResponses.ts).
 */
export const CANNED_VARIABLES = [
  'contact.name',
  'contact.firstName',
  'chat.protocol',
  'attendant.name',
  'attendant.firstName',
] as const;

/** What the values come from: the chat's contact and protocol, and the attendant who sends. */
export interface CannedContext {
  contactName: string | null;
  protocol: string | null;
  attendantName: string | null;
}

const firstName = (name: string | null) => name?.trim().split(/\s+/)[0] ?? null;

/** Each variable's value; null when unknown (no contact name, a chat without a protocol number). */
export function cannedValues(context: CannedContext): Record<(typeof CANNED_VARIABLES)[number], string | null> {
  return {
    'contact.name': context.contactName?.trim() || null,
    'contact.firstName': firstName(context.contactName) || null,
    'chat.protocol': context.protocol,
    'attendant.name': context.attendantName?.trim() || null,
    'attendant.firstName': firstName(context.attendantName) || null,
  };
}
