import type { SlaView } from '../../workflows/slaView';
import type { Prisma } from '../generated/prisma/client';
import type { MediaFile } from '../../workflows/types';
import type { Entities } from '../../workflows/botTypes';
import { readJsonColumn as json } from '../db/jsonColumn';
import { CHAT_TAGS_INCLUDE, tagsOfChat } from '../tags/tags';

type ChatRow = Prisma.ChatGetPayload<{ include: { contact: true; channel: true } }> &
  Partial<Prisma.ChatGetPayload<{ include: typeof CHAT_TAGS_INCLUDE }>>;

export function presentChat(chat: ChatRow) {
  return {
    id: chat.id,
    /** The number the customer quotes; null only for a chat whose row predates numbers and was never backfilled. */
    protocol: chat.protocol,
    status: chat.status,
    priority: chat.priority,
    subject: chat.subject,
    /** Its live tags' names (labels and reasons) and its contact reason (src/tags/tags.ts). */
    ...tagsOfChat(chat.chatTags),
    attendantId: chat.attendantId,
    contactId: chat.contactId,
    channelId: chat.channelId,
    contact: presentContact(chat.contact),
    channel: { id: chat.channel.id, type: chat.channel.type, name: chat.channel.name },
    startedAt: chat.startedAt.toISOString(),
    closedAt: chat.closedAt?.toISOString() ?? null,
    firstResponseAt: chat.firstResponseAt?.toISOString() ?? null,
    rating: chat.rating,
    /** The satisfaction survey's comment (src/csat), null when none was written. */
    feedback: chat.feedback,
    /** The workflow's notes for people: last intent, the bot's failed attempts, department. */
    context: json<Record<string, unknown>>(chat.context, {}),
    /** Its SLA (workflows/sla.ts `SlaView`): policy, due times, breaches; null when no policy applies. */
    sla: chat.sla ? json<SlaView | null>(chat.sla, null) : null,
    updatedAt: chat.updatedAt.toISOString(),
  };
}

export function presentContact(c: { id: string; name: string | null; phone: string | null; email: string | null }) {
  return { id: c.id, name: c.name, phone: c.phone, email: c.email };
}

type MessageRow = Prisma.MessageGetPayload<object>;

/** What an attendant may know of a file: its kind and where to get it (the channel's file id stays inside). */
function presentMedia(m: MessageRow) {
  const file = m.media ? json<MediaFile | null>(m.media, null) : null;
  if (!file) return null;
  return {
    url: `/api/v1/messages/${m.id}/media`,
    mimeType: file.mimeType ?? null,
    filename: file.filename ?? null,
    size: file.size ?? null,
  };
}

/** Edits (Telegram) and the customer's reaction (WhatsApp), kept in the message's metadata. */
function presentMetadataExtras(metadata: string) {
  const m = json<{ edits?: unknown[]; reaction?: string; template?: unknown }>(metadata, {});
  return {
    edited: Array.isArray(m.edits) && m.edits.length > 0,
    reaction: typeof m.reaction === 'string' ? m.reaction : null,
  };
}

export function presentMessage(m: MessageRow) {
  return {
    id: m.id,
    chatId: m.chatId,
    sender: m.sender,
    type: m.type,
    content: m.content,
    attendantId: m.attendantId,
    createdAt: m.createdAt.toISOString(),
    deliveryStatus: m.deliveryStatus,
    deliveryError: m.deliveryError,
    media: presentMedia(m),
    ...presentMetadataExtras(m.metadata),
    intent: m.intent,
    confidence: m.confidence,
    entities: json<Entities | null>(m.entities, null),
    botDraft: m.botDraft,
  };
}

type StatusChangeRow = Prisma.StatusChangeGetPayload<object>;

export function presentStatusChange(s: StatusChangeRow) {
  return { at: s.at.toISOString(), from: s.from, to: s.to, actor: s.actor, note: s.note };
}

type ChannelRow = Prisma.ChannelGetPayload<object>;

/** Secrets are write-only: only the names of the ones set are shown. */
export function presentChannel(c: ChannelRow) {
  const settings = json<Record<string, unknown>>(c.settings, {});
  const credentials = json<Record<string, unknown>>(c.credentials, {});
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    active: c.active,
    ...settings,
    secretsSet: Object.keys(credentials).sort(),
    webhookPath: `/webhooks/${c.type}/${c.id}`,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

type AttendantRow = Prisma.AttendantGetPayload<object>;

/** `activeChats`: the open chats they hold (their load against `maxConcurrent`). */
export function presentAttendant(a: AttendantRow, activeChats = 0) {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    phone: a.phone,
    role: a.role,
    department: a.department,
    skills: json<string[]>(a.skills, []),
    maxConcurrent: a.maxConcurrent,
    workingHours: json<Record<string, unknown>>(a.workingHours, {}),
    timezone: a.timezone,
    active: a.active,
    available: a.available,
    activeChats,
    twoFactorEnabled: a.totpEnabledAt != null,
    createdAt: a.createdAt.toISOString(),
  };
}

type TrainingRow = Prisma.TrainingGetPayload<object>;

export function presentTraining(t: TrainingRow) {
  return {
    tag: t.tag,
    group: t.group,
    documents: json<{ pageContent: string; metadata: Record<string, unknown> }[]>(t.documents, []),
    finished: t.finished,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
