/** Payloads and state shared by the chat workflow, its callers and its tests. */
import type { Duration } from '@temporalio/common';

export const CHAT_STATUSES = [
  'waiting',
  'in_progress',
  'waiting_customer',
  'transferred',
  'waiting_attendant',
  'resolved',
  'cancelled',
] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];
export const TERMINAL_STATUSES: readonly ChatStatus[] = ['resolved', 'cancelled'];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNEL_TYPES = ['api', 'telegram', 'whatsapp'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const MESSAGE_TYPES = ['text', 'image', 'audio', 'video', 'document', 'location', 'contact', 'system'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type Sender = 'customer' | 'bot' | 'attendant' | 'system';
export type Role = 'admin' | 'supervisor' | 'attendant';

/** Who changed something: `bot`, `system`, `customer`, `channel` or `attendant:<id>`. */
export type ActorName = string;

export interface StatusChangeEntry {
  seq: number;
  at: string;
  from: ChatStatus | null;
  to: ChatStatus;
  actor: ActorName;
  note?: string;
}

export interface ContactInfo {
  name?: string;
  phone?: string;
  email?: string;
}

/** A channel event carrying a message, as the webhook normalised it. */
export interface InboundMessage {
  /** The channel's id of the message; the deduplication key. */
  channelMessageId: string;
  /** `received` from the customer; `sent` by our side through another tool. */
  direction: 'received' | 'sent';
  type: MessageType;
  content: string;
  /** The channel's time of the message (its clock, kept as metadata). */
  sentAt: string;
  /** When Atende accepted it: messages are ordered by this. */
  receivedAt: string;
}

export interface CloseRequest {
  actor: 'customer' | 'channel' | 'system';
  note?: string;
}

/**
 * Everything a channel tells a chat, as one signal: signals buffered before
 * their handlers exist reach each handler in turn, so separate signals would
 * lose their order across types (a close could overtake a message).
 */
export type ChannelEvent =
  | { type: 'opened'; contact?: ContactInfo }
  | { type: 'message'; message: InboundMessage }
  | { type: 'close'; request: CloseRequest };

export interface AttendantActor {
  attendantId: string;
  role: Role;
}

/** An attendant command names the chat it is for: the workflow id may already run a later chat. */
export interface ChatCommand extends AttendantActor {
  chatId: string;
}
export interface ResolveCommand extends ChatCommand {
  note?: string;
}
export interface ReplyCommand extends ChatCommand {
  content: string;
}
/** To one attendant (assigned at once) or back to a department's queue. */
export type TransferCommand = ChatCommand & ({ toAttendantId: string } | { toDepartment: string });

/** Durations in `ms`-style strings ('30 minutes'), set by the caller; workflows never read env. */
export interface ChatSettings {
  /** In `waiting_customer`, close the chat when the customer stays silent this long. */
  inactivityTimeout: Duration;
  /** Continue-as-new once history has this many events (Temporal also suggests it near its limits). */
  continueAsNewAfterEvents: number;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = { inactivityTimeout: '24 hours', continueAsNewAfterEvents: 10_000 };

export interface ChatStart {
  channelId: string;
  channelType: ChannelType;
  externalChatId: string;
  contact?: ContactInfo;
  settings?: Partial<ChatSettings>;
  /** Continue-as-new into a new chat (a message came after this one closed) with this id. */
  newChat?: boolean;
  chatId?: string;
  /** Set only by continue-as-new. */
  state?: ChatState;
  /** Messages to handle first (continue-as-new carries unhandled ones). */
  pending?: InboundMessage[];
}

/** Everything a chat carries across continue-as-new; JSON only. */
export interface ChatState {
  chatId: string;
  status: ChatStatus;
  history: StatusChangeEntry[];
  nextStatusSeq: number;
  priority: Priority;
  attendantId: string | null;
  department: string | null;
  attendantHasWritten: boolean;
  seenMessageIds: string[];
  nextOutboundSeq: number;
  lastIntent: string | null;
  startedAt: string;
}

/** What the `state` query returns. */
export interface ChatView {
  chatId: string;
  channelId: string;
  externalChatId: string;
  status: ChatStatus;
  priority: Priority;
  attendantId: string | null;
  department: string | null;
  attendantHasWritten: boolean;
  lastIntent: string | null;
  startedAt: string;
  history: StatusChangeEntry[];
}

export interface ChatOutcome {
  chatId: string;
  status: ChatStatus;
}

export const INTENTS = ['billing', 'plan_change', 'technical', 'thanks', 'greeting', 'human_request', 'unknown'] as const;
export type Intent = (typeof INTENTS)[number];
export type Language = 'pt' | 'en';

/** What the classifier says of one customer message. */
export interface Classification {
  intent: Intent;
  priority: Priority;
  /** In [0, 1]. */
  confidence: number;
  language: Language;
  /** The bot's answer for this intent, when it has one. */
  answer: string | null;
  entities: Record<string, string[]>;
}

/** Types of the ApplicationFailures that reject attendant commands; the API maps them to HTTP. */
export const COMMAND_ERRORS = {
  chatClosed: 'ChatClosed',
  notAssignee: 'NotAssignee',
  illegalTransition: 'IllegalTransition',
  chatBusy: 'ChatBusy',
} as const;
