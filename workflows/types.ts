/** Payloads and state shared by the chat workflow, its callers and its tests. */
import type { Duration } from '@temporalio/common';
// Types only (the SLA plan carries the calendar it counts on).
// eslint-disable-next-line no-restricted-imports
import type { BusinessHours, NationalHolidayTable } from '../src/calendar/businessCalendar';

export const CHAT_STATUSES = [
  'waiting',
  'in_progress',
  'waiting_customer',
  'transferred',
  'waiting_attendant',
  /** Set aside by its attendant (POST /chats/:id/hold) until a time or the customer's next message. */
  'on_hold',
  'resolved',
  'cancelled',
] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];
export const TERMINAL_STATUSES: readonly ChatStatus[] = ['resolved', 'cancelled'];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The one list of channel types: `CHANNEL_SETTINGS` (src/channels/settings.ts) must hold each. */
export type ChannelType = 'api' | 'telegram' | 'whatsapp';
export type MessageType =
  | 'text'
  | 'image'
  | 'audio'
  | 'video'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contact'
  | 'interactive'
  | 'reaction'
  | 'template'
  | 'unsupported'
  | 'system';

/**
 * A file a message carries. Inbound: `ref` is the channel's id of the file
 * (Telegram file_id, WhatsApp media id), fetched when first asked for.
 * Stored (both ways): `sha256` names it under DATA_DIR/media.
 */
export interface MediaFile {
  ref?: string;
  sha256?: string;
  mimeType?: string;
  filename?: string;
  size?: number;
}

/** A WhatsApp message template, the only message allowed outside the 24-hour window. */
export interface TemplateMessage {
  name: string;
  language: string;
  components?: unknown[];
}

export type Sender = 'customer' | 'bot' | 'attendant' | 'system';
export const ROLES = ['admin', 'supervisor', 'attendant'] as const;
export type Role = (typeof ROLES)[number];

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
  /** The channel's key for the person when there is no phone (a Telegram user id); else the conversation is the key. */
  externalId?: string;
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
  /** The text, a caption, or a short rendering of what is not text ("📍 -23.5, -46.6"); may be empty for bare media. */
  content: string;
  media?: MediaFile;
  /** The channel's time of the message (its clock, kept as metadata). */
  sentAt: string;
  /** When Atende accepted it: messages are ordered by this. */
  receivedAt: string;
  /**
   * A contact card the sender shared of themselves (Telegram: its `user_id` is
   * the sender's): their phone as written, and their identity's key on the
   * channel. The activity that stores the message gives it to their contact.
   */
  ownContact?: { phone: string; externalId: string };
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
  /** Their department, for the access policy (workflows/chatAccess.ts); absent in commands sent before it. */
  department?: string | null;
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
  /** A file already in the media store. */
  attachment?: MediaFile;
  /** WhatsApp: a template instead of free text. */
  template?: TemplateMessage;
}
/** Put the chat on hold (workflows/onHold.ts): until `until` (ISO) or the customer's next message. */
export interface HoldCommand extends ChatCommand {
  until?: string;
  reason?: string;
}
/** To one attendant (assigned at once) or back to a department's queue. */
export type TransferCommand = ChatCommand & ({ toAttendantId: string } | { toDepartment: string });

/** Durations in `ms`-style strings ('30 minutes'), set by the caller; workflows never read env. */
export interface ChatSettings {
  /** In `waiting_customer`, close the chat when the customer stays silent this long. */
  inactivityTimeout: Duration;
  /** Continue-as-new once history has this many events (Temporal also suggests it near its limits). */
  continueAsNewAfterEvents: number;
  /** Longest one bot turn may take (an LLM classifier's timeout plus the database work). */
  botTurnTimeout: Duration;
  /** An assigned chat its attendant leaves unanswered this long goes back to the queue. */
  assignmentResponseTimeout: Duration;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  inactivityTimeout: '24 hours',
  continueAsNewAfterEvents: 10_000,
  botTurnTimeout: '30 seconds',
  assignmentResponseTimeout: '5 minutes',
};

export interface ChatStart {
  channelId: string;
  channelType: ChannelType;
  externalChatId: string;
  contact?: ContactInfo;
  settings?: Partial<ChatSettings>;
  /** Continue-as-new into a new chat (a message came after this one closed) with this id. */
  newChat?: boolean;
  /** The chat's id: set by the API that opens it (v2) or by that continue-as-new. */
  chatId?: string;
  /** Set only by continue-as-new. */
  state?: ChatState;
  /** Messages to handle first (continue-as-new carries unhandled ones). */
  pending?: InboundMessage[];
  /** Deliveries the previous run had not finished (continue-as-new carries them). */
  outbox?: OutboundMessage[];
}

/** A message our side sends, as the outbox holds it until the channel has it. */
export interface OutboundMessage {
  /** `<chatId>-out-<seq>`: deterministic, so a retried step touches one row and receivers can dedupe. */
  messageId: string;
  chatId: string;
  channelId: string;
  externalChatId: string;
  sender: Sender;
  content: string;
  attachment?: MediaFile;
  template?: TemplateMessage;
  /** A question of the satisfaction survey: channels show the rating's choices as buttons (docs/api.md). */
  csat?: CsatStep;
  attendantId: string | null;
  createdAt: string;
}

/** The satisfaction survey's messages: the rating question, the comment question, the thanks. */
export type CsatStep = 'rating' | 'comment' | 'thanks';

/** What the chat remembers of the bot's last turns (kept in the chat's context). */
export interface BotMemory {
  /** Consecutive bot answers the customer met with a complaint or the same question. */
  attempts: number;
  /** Source of the bot's last real answer (a rephrase request keeps the one before it). */
  lastAnswerSource: AnswerSource | null;
  lastQuestionKey: string | null;
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
  /** The bot's memory of its last turns; absent in states saved before it existed. */
  bot: BotMemory;
  startedAt: string;
  /** When the chat began waiting on the customer (epoch ms), for the inactivity deadline (v2 chats). */
  waitingCustomerSince?: number | null;
  /** The human queue (absent in states saved before it existed). */
  queue?: QueueState;
  /** The chat's protocol number (chats begun since `protocol-numbers`, workflows/protocolNotice.ts). */
  protocol?: string | null;
  /** A message has carried the protocol line (only the first one does). */
  protocolAnnounced?: boolean;
  /** The customer's language as the bot last read it (botTypes' `Language`), for the protocol line. */
  language?: 'pt' | 'en';
  /** Automatic messages read when the chat began (workflows/automaticTexts.ts; absent before). */
  texts?: ChatTexts;
  /** The channel's inactivity settings, read when the chat began (workflows/inactivity.ts; absent before). */
  inactivity?: InactivityPlan;
  /** A bot hand-off whose notice waits for the queue's answer, in this language. */
  handoffNotice?: 'pt' | 'en' | null;
  /** The inactivity watch's wait (who the chat waits after) and whether it warned. */
  waitingKind?: WaitingKind | null;
  inactivityWarned?: boolean;
  /** The chat's SLA clocks (workflows/sla.ts): absent until first handed to people, null when no policy matched. */
  sla?: SlaState | null;
  /** While on hold (workflows/onHold.ts). */
  hold?: HoldState;
}

/** A chat on hold: since when (epoch ms), until when (epoch ms, or null: the customer's next message), and why. */
export interface HoldState {
  since: number;
  until: number | null;
  reason: string | null;
}

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** One SLA clock: working time spent while it ran, and its deadlines while it runs (epoch ms). */
export interface SlaClock {
  targetMs: number;
  /** Time counted before `since` (on the business calendar when the policy says so). */
  spentMs: number;
  /** Running since (epoch ms), or null while paused or stopped. */
  since: number | null;
  /** While running: when it breaches, and when it warns. */
  dueAt: number | null;
  warnAt: number | null;
  warned: boolean;
  breached: boolean;
  /** Met (the response came, the chat was resolved) or breached: it counts no more. */
  done: boolean;
}

/** The policy a chat runs under (resolved by the `slaPlan` activity) and its clocks. */
export interface SlaPlan {
  policy: string;
  targets: Partial<Record<SlaTarget, number>>;
  warnAt: number;
  onBreach: { requeue: boolean; raisePriority: boolean };
  /** Counted on this calendar (its rules and the national holidays it needs), or around the clock when null. */
  calendar: { hours: BusinessHours; national: NationalHolidayTable } | null;
  department: string | null;
}

export interface SlaState extends SlaPlan {
  clocks: Partial<Record<SlaTarget, SlaClock>>;
  /** An answer came since the hand-off: the next-response clock runs from each customer message. */
  answered?: boolean;
  breaches: { target: SlaTarget; at: string }[];
}

/** A chat's place in the human queue and its reservation with an attendant. */
export interface QueueState {
  /** When it entered the queue (ISO); kept when it comes back, so it keeps its place. */
  since: string | null;
  /** What the attendant must have (from routing). */
  skills: string[];
  /** Attendants who gave the chat up or let its reservation run out: others first. */
  passedOver: string[];
  /** Epoch ms: look for someone again (working hours begin; a periodic check). */
  recheckAt: number | null;
  /** The queue's assignment waiting for the attendant's first reply (epoch ms deadline). */
  reservation: { attendantId: string; until: number } | null;
}

/** From the queue to a chat's workflow (src/assignment/). */
export type AssignmentEvent =
  /** `at`: when the seat was taken. */
  | { type: 'assigned'; attendantId: string; at?: string }
  | { type: 'attendant_left'; attendantId: string; reason: string };

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
  botAttempts: number;
  startedAt: string;
  history: StatusChangeEntry[];
  /** Absent for chats begun before protocol numbers reached the workflow. */
  protocol?: string;
}

export interface ChatOutcome {
  chatId: string;
  status: ChatStatus;
}

/** Where the bot's answer comes from: a training (`training:<tag>`) or a built-in intent (`builtin:<intent>`). */
export type AnswerSource = `training:${string}` | `builtin:${string}`;

/** Types of the ApplicationFailures that reject attendant commands; the API maps them to HTTP. */
/** The failure type of a database write no retry can cure (activities/permanentFailure.ts); the chat skips that step. */
export const PERMANENT_DATA_FAILURE = 'PermanentDataError';

export const COMMAND_ERRORS = {
  chatClosed: 'ChatClosed',
  notAssignee: 'NotAssignee',
  /** A claim of a chat that does not wait in the caller's queue (the bot handles it, or another department's). */
  notInQueue: 'NotInQueue',
  illegalTransition: 'IllegalTransition',
  chatBusy: 'ChatBusy',
  atCapacity: 'AtCapacity',
  attendantUnavailable: 'AttendantInactive',
} as const;

/** Who a chat waits on the customer after: the bot's answer, or an attendant's (workflows/inactivity.ts). */
export type WaitingKind = 'withBot' | 'waitingCustomer';

/** One waiting state's deadlines (ms from when the wait began); null: no warning / the default close. */
export interface InactivityPeriod {
  warnAfterMs: number | null;
  closeAfterMs: number | null;
}

/** A channel's inactivity settings as a chat carries them (read once, by `recordChat`). */
export type InactivityPlan = Partial<Record<WaitingKind, InactivityPeriod>>;

/** Texts a chat takes from `recordChat` when it begins (workflows/automaticTexts.ts; none in chats begun before). */
export interface ChatTexts {
  /** The greeting, when one is set: sent before the bot's first answer. */
  greeting?: Partial<Record<'pt' | 'en', string>> | null;
  /** The protocol line the first message carries. */
  protocolLines?: Partial<Record<'pt' | 'en', string>>;
}

/** The automatic texts the workflow asks for by activity, when they are due. */
export type AskedTextKey = 'inactivityWarning' | 'inactivityClosed' | 'resolved';
