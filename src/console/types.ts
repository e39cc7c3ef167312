/**
 * What the API answers, typed from the server's own presenters and workflow
 * types (type-only imports: nothing of the server reaches the bundle).
 */
import type {
  presentAttendant,
  presentChannel,
  presentChat,
  presentMessage,
  presentStatusChange,
  presentTraining,
} from '../api/presenters';
import type { CreateChannel } from '../channels/settings';
import type { presentNote } from '../chats/notes';
import type { chatMetrics } from '../metrics/chatMetrics';
import type { metricSeries } from '../metrics/series';
import type { readQueue } from '../assignment/queueView';
import type { presentCannedResponse } from '../cannedResponses/cannedResponses';
import type { presentTag } from '../tags/tags';
import type { ResolutionSettings as ResolutionSettingsBody } from '../tags/resolution';

import type { ChannelType } from '../../workflows/types';

export type { ChannelType, ChatStatus, Priority } from '../../workflows/types';

export type Attendant = ReturnType<typeof presentAttendant>;
/** A channel as the API answers it: its type's own settings are spread beside the common fields. */
export type Channel = Omit<ReturnType<typeof presentChannel>, 'type'> & {
  type: ChannelType;
  department?: string | null;
  [setting: string]: unknown;
};
export type ChannelCreateBody = CreateChannel;
export type Training = ReturnType<typeof presentTraining>;
export type Tag = ReturnType<typeof presentTag>;
export type ResolutionSettings = ResolutionSettingsBody;
/** `unread`: the customer messages after the caller's last read (docs/api.md, "Read state"). */
export type Chat = ReturnType<typeof presentChat> & { unread: number };
export type Message = ReturnType<typeof presentMessage>;
export type StatusChange = ReturnType<typeof presentStatusChange>;
export type Incident = { step: string; reason: string; ref: string | null; at: string };
/** A private note (docs/api.md, Notes): attendants only, never sent to the customer. */
export type Note = ReturnType<typeof presentNote>;
/** A note as a contact's notes list it: with its chat's protocol. */
export type ContactNote = Note & { protocol: string | null };
export type ChatDetail = Chat & {
  statusHistory: StatusChange[];
  messages: Message[];
  incidents: Incident[];
  notes: Note[];
  handoffNote: Note | null;
  /** WhatsApp's 24-hour window for free-form replies; null on other channels. */
  serviceWindow?: { open: boolean; closesAt: string | null } | null;
};
export type QueueItem = Awaited<ReturnType<typeof readQueue>>[number] & { unread: number };
export type Metrics = Awaited<ReturnType<typeof chatMetrics>>;
export type MetricSeries = Awaited<ReturnType<typeof metricSeries>>;
export type { SeriesInterval, SeriesMetric } from '../metrics/series';
export type Directory = {
  attendants: { id: string; name: string; department: string | null; available: boolean }[];
  departments: string[];
};
/** A list as the API answers it; lists that are not paged (yet) have no `nextCursor`. */
export type Page<T> = { items: T[]; nextCursor?: string | null };

/** Where a contact field's value came from (`sources` of a contact). */
export type FieldSource =
  | { source: 'message'; messageId: string; chatId?: string; at?: string }
  | { source: 'attendant'; attendantId: string; at?: string }
  | { source: string; at?: string; [key: string]: unknown };
export type ContactIdentity = { channelId: string; channelType: ChannelType | string; externalId: string };
export type ContactChat = {
  id: string;
  protocol: string | null;
  status: string;
  channel: { id: string; type: string; name: string } | string;
  startedAt: string;
  closedAt: string | null;
};
/** GET /api/v1/contacts/:id (docs/api.md, Contacts). */
export type Contact = {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  cpf: string | null;
  attributes: Record<string, string | number | boolean>;
  sources: Record<string, FieldSource>;
  identities: ContactIdentity[];
  chats?: ContactChat[];
  createdAt?: string;
  updatedAt?: string;
};
export type SearchType = 'contacts' | 'chats' | 'messages';
/** One hit of GET /api/v1/search; its `type` is singular (`contact`), the query's plural (`contacts`). */
export type SearchHit = {
  type: 'contact' | 'chat' | 'message' | SearchType;
  id: string;
  chatId?: string;
  contactId?: string;
  protocol?: string;
  snippet: string;
  at: string;
};
export type Session = { accessToken: string; refreshToken: string; attendant: Attendant };

/** A canned response as the API answers it. */
export type CannedResponse = ReturnType<typeof presentCannedResponse>;
/** The live events of GET /api/v1/events; `data`: what the event says beside the chat (`sender`, `attendantId`…). */
export type LiveEvent = { type: string; chatId: string; id: string; data?: Record<string, unknown> };
/** What a `note.mentioned` event carries (src/chats/notes.ts). */
export type MentionData = {
  chatId: string;
  noteId: string;
  attendantId: string;
  author: { id: string; name: string };
  excerpt: string;
};
