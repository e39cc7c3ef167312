/**
 * What the API answers, typed from the server's own presenters and workflow
 * types (type-only imports: nothing of the server reaches the bundle).
 */
import type { presentAttendant, presentChat, presentMessage, presentStatusChange } from '../api/presenters';
import type { chatMetrics } from '../metrics/chatMetrics';
import type { readQueue } from '../assignment/queueView';

export type { ChatStatus, Priority } from '../../workflows/types';

export type Attendant = ReturnType<typeof presentAttendant>;
export type Chat = ReturnType<typeof presentChat>;
export type Message = ReturnType<typeof presentMessage>;
export type StatusChange = ReturnType<typeof presentStatusChange>;
export type Incident = { step: string; reason: string; ref: string | null; at: string };
export type ChatDetail = Chat & { statusHistory: StatusChange[]; messages: Message[]; incidents: Incident[] };
export type QueueItem = Awaited<ReturnType<typeof readQueue>>[number];
export type Metrics = Awaited<ReturnType<typeof chatMetrics>>;
export type Page<T> = { items: T[]; nextCursor: string | null };
export type Session = { accessToken: string; refreshToken: string; attendant: Attendant };

/** The live events of GET /api/v1/events. */
export type LiveEvent = { type: string; chatId: string; id: string };
