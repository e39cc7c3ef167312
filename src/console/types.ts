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
import type { chatMetrics } from '../metrics/chatMetrics';
import type { readQueue } from '../assignment/queueView';

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
export type Chat = ReturnType<typeof presentChat>;
export type Message = ReturnType<typeof presentMessage>;
export type StatusChange = ReturnType<typeof presentStatusChange>;
export type Incident = { step: string; reason: string; ref: string | null; at: string };
export type ChatDetail = Chat & { statusHistory: StatusChange[]; messages: Message[]; incidents: Incident[] };
export type QueueItem = Awaited<ReturnType<typeof readQueue>>[number];
export type Metrics = Awaited<ReturnType<typeof chatMetrics>>;
export type Directory = {
  attendants: { id: string; name: string; department: string | null; available: boolean }[];
  departments: string[];
};
export type Page<T> = { items: T[]; nextCursor: string | null };
export type Session = { accessToken: string; refreshToken: string; attendant: Attendant };

/** The live events of GET /api/v1/events. */
export type LiveEvent = { type: string; chatId: string; id: string };
