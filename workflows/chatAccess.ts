import { TERMINAL_STATUSES, type ChatStatus, type Role } from './types';

/**
 * Who may see or act on a chat: the one access policy of the house, as
 * Outline's `can(user, action, subject)`. Reads use it as a database filter
 * (`whereCan`), live events and commands as a predicate (`can`): the API
 * before it sends a command, the chat's workflow in its Update validators
 * and again when the command's turn comes. Both forms come from the same
 * table of relations, side by side, so they cannot drift apart.
 *
 * Pure and deterministic: the workflow bundle imports it.
 */

/** `editContact`: change the record of the chat's contact (src/contacts/contactAccess.ts). */
export type ChatAction = 'read' | 'claim' | 'reply' | 'transfer' | 'release' | 'resolve' | 'editContact' | 'hold';
export const CHAT_ACTIONS: readonly ChatAction[] = [
  'read',
  'claim',
  'reply',
  'transfer',
  'release',
  'resolve',
  'editContact',
  'hold',
];

/** Whoever asks: an attendant, supervisor or admin, with their department. */
export interface Actor {
  id: string;
  role: Role;
  department: string | null;
}

/** What the rules need to know of a chat, wherever it is read from (a row, the workflow's state). */
export interface ChatFacts {
  status: ChatStatus;
  attendantId: string | null;
  /** Waiting in the human queue: handed off and held by nobody. */
  queued: boolean;
  department: string | null;
  /** Attendants who wrote in it or changed it; only reads need it (unknown counts as none). */
  participants?: readonly string[];
}

/** The part of Prisma's `ChatWhereInput` these rules use (src/chats/readScope.ts types it as Prisma's). */
export interface ChatFilter {
  attendantId?: string | null;
  queuedAt?: { not: null };
  status?: { notIn: ChatStatus[] };
  department?: string | null;
  messages?: { some: { attendantId: string } };
  statusChanges?: { some: { actor: string } };
  OR?: ChatFilter[];
}

/** How an attendant stands to a chat: each relation as a predicate and as a filter. */
const RELATIONS = {
  /** They hold it. */
  holder: {
    holds: (a: Actor, c: ChatFacts) => c.attendantId === a.id,
    where: (a: Actor): ChatFilter => ({ attendantId: a.id }),
  },
  /**
   * It waits in the queue they serve: their department's, or any when
   * either side has none (as automatic assignment matches them).
   */
  theirQueue: {
    holds: (a: Actor, c: ChatFacts) =>
      c.queued &&
      c.attendantId === null &&
      !TERMINAL_STATUSES.includes(c.status) &&
      (a.department === null || c.department === null || c.department === a.department),
    where: (a: Actor): ChatFilter => ({
      attendantId: null,
      queuedAt: { not: null },
      status: { notIn: [...TERMINAL_STATUSES] },
      ...(a.department ? { OR: [{ department: a.department }, { department: null }] } : {}),
    }),
  },
  /** They took part: wrote in it, or changed it (a transfer, a release). */
  participant: {
    holds: (a: Actor, c: ChatFacts) => c.participants?.includes(a.id) ?? false,
    where: (a: Actor): ChatFilter => ({
      OR: [{ messages: { some: { attendantId: a.id } } }, { statusChanges: { some: { actor: `attendant:${a.id}` } } }],
    }),
  },
} as const;

type Relation = keyof typeof RELATIONS;
const ANY = 'any' as const;

/**
 * The grants. An attendant acts by their relation to the chat; supervisors
 * and admins on any chat, but only its holder writes to the customer.
 * An attendant claims only what their queue offers them (or what they
 * already hold): never a chat the bot is handling, nor another
 * department's queue, which they cannot even read. The record of a chat's
 * contact is read with the chat and changed by its holder.
 */
const GRANTS: Record<Role, Record<ChatAction, readonly Relation[] | typeof ANY>> = {
  attendant: {
    read: ['holder', 'theirQueue', 'participant'],
    claim: ['holder', 'theirQueue'],
    reply: ['holder'],
    transfer: ['holder'],
    release: ['holder'],
    resolve: ['holder'],
    editContact: ['holder'],
    hold: ['holder'],
  },
  supervisor: {
    read: ANY,
    claim: ANY,
    reply: ['holder'],
    transfer: ANY,
    release: ANY,
    resolve: ANY,
    editContact: ANY,
    hold: ANY,
  },
  admin: {
    read: ANY,
    claim: ANY,
    reply: ['holder'],
    transfer: ANY,
    release: ANY,
    resolve: ANY,
    editContact: ANY,
    hold: ANY,
  },
};

/** Whether `actor` may do `action` to the chat. */
export function can(actor: Actor, action: ChatAction, chat: ChatFacts): boolean {
  const grant = GRANTS[actor.role][action];
  return grant === ANY || grant.some((relation) => RELATIONS[relation].holds(actor, chat));
}

/** The chats `actor` may do `action` to, as a database filter (`{}`: all). */
export function whereCan(actor: Actor, action: ChatAction): ChatFilter {
  const grant = GRANTS[actor.role][action];
  if (grant === ANY) return {};
  return { OR: grant.map((relation) => RELATIONS[relation].where(actor)) };
}

/**
 * Why `actor` may not do `action` to a chat they may read, as the failure
 * type the API answers 409 with: it is someone else's (`NotAssignee`), or it
 * is not waiting in their queue (`NotInQueue`). A chat they may not read is
 * a 404 instead, decided before this is asked.
 */
export function refusalOf(action: ChatAction, chat: ChatFacts): Refusal {
  if (action === 'claim' && chat.attendantId === null) return 'NotInQueue';
  return 'NotAssignee';
}

export type Refusal = 'NotAssignee' | 'NotInQueue';

/** What each refusal tells the caller (the API's 409 `not_assignee`, `not_in_queue`). */
export const REFUSAL_MESSAGES: Record<Refusal, string> = {
  NotAssignee: "caller is not the chat's attendant",
  NotInQueue: "chat is not waiting in the caller's queue",
};
