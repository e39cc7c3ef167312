import { workflowInfo } from '@temporalio/workflow';
import { FRESH_BOT_MEMORY } from './botPolicy';
import type { CommandSubject } from './commandRules';
import { ChangeBuffer, type ChatRowState } from './readModel';
import { withProtocolLine } from './protocolNotice';
import { SearchAttributeSync } from './searchAttributeSync';
import { StatusMachine } from './statusMachine';
import { slaView } from './slaView';
import { holdContext } from './holdContext';
import { RunPatches } from './runPatches';
import {
  PRIORITIES,
  type ActorName,
  type BotMemory,
  type ChatTexts,
  type InactivityPlan,
  type Priority,
  type ChatStart,
  type ChatState,
  type ChatStatus,
  type ChatView,
  type InboundMessage,
  type QueueState,
  type OutboundMessage,
  type Sender,
} from './types';

/** Bounded so a chat's state stays small however long it lives. */
const MAX_SEEN_IDS = 500;

/** The patch that brought the human queue and seats (docs/decisions/0007). */
export const HUMAN_QUEUE_PATCH = 'human-queue';

const EMPTY_QUEUE: QueueState = { since: null, skills: [], passedOver: [], recheckAt: null, reservation: null };

type ModelState = Omit<ChatState, 'status' | 'history' | 'nextStatusSeq' | 'queue'>;

/**
 * One chat's live state, and the changes the current step made to it
 * (collected for one write at the step's end). Everything that changes a
 * chat goes through `changeStatus` and `send`, so nothing reaches the read
 * model or the customer without being in the step's changes.
 */
export class ChatModel {
  readonly machine: StatusMachine;
  readonly state: ModelState;
  readonly changes = new ChangeBuffer();
  /** Built with the model, in the run's first activation (workflows/runPatches.ts). */
  readonly patches = new RunPatches();
  readonly queue: QueueState;
  private readonly searchAttributes = new SearchAttributeSync();
  /** Whether this chat runs with the queue and seats; decided at the first step that needs to know. */
  private queueEnabled: boolean | undefined;

  constructor(readonly start: ChatStart) {
    const saved = start.state;
    if (saved) {
      const { status, history, nextStatusSeq, queue: _queue, ...rest } = saved;
      this.machine = new StatusMachine(status, history, nextStatusSeq);
      this.state = rest;
    } else {
      this.machine = StatusMachine.fresh();
      this.state = {
        // Named by the API when it opened the chat, or by the run that opened it
        // by continue-as-new; else the first run id names it for its whole chain.
        chatId: start.chatId ?? workflowInfo().firstExecutionRunId,
        priority: 'normal',
        attendantId: null,
        department: null,
        attendantHasWritten: false,
        seenMessageIds: [],
        nextOutboundSeq: 1,
        lastIntent: null,
        bot: FRESH_BOT_MEMORY,
        startedAt: new Date().toISOString(),
      };
    }
    this.queue = saved?.queue ?? { ...EMPTY_QUEUE, skills: [], passedOver: [] };
  }

  /**
   * Chats that began before the queue replay without it: `patched` answers
   * false in their recorded history. Asked lazily, so a chat the bot handles
   * alone records no marker.
   */
  usesQueue(): boolean {
    this.queueEnabled ??= this.patches.has(HUMAN_QUEUE_PATCH);
    return this.queueEnabled;
  }

  /** Waiting in the queue for a person: handed off, nobody holds it. */
  get queued(): boolean {
    return this.machine.status === 'transferred' && this.state.attendantId === null;
  }

  get chatId(): string {
    return this.state.chatId;
  }

  get status(): ChatStatus {
    return this.machine.status;
  }

  /** `at`: when it happened, if not now (an assignment is dated by its seat's commit). */
  changeStatus(to: ChatStatus, actor: ActorName, note?: string, at = new Date().toISOString()): void {
    this.changes.addEntry(this.machine.transition(to, actor, at, note));
  }

  /** Writes a message to the customer: stored with the step, then delivered by the outbox. */
  send(
    sender: Sender,
    content: string,
    attendantId?: string,
    extra?: Pick<OutboundMessage, 'attachment' | 'template' | 'csat'>,
  ): void {
    this.changes.addOutbound({
      ...extra,
      messageId: `${this.state.chatId}-out-${this.state.nextOutboundSeq++}`,
      chatId: this.state.chatId,
      channelId: this.start.channelId,
      externalChatId: this.start.externalChatId,
      sender,
      content: this.announcingProtocol(content, extra),
      attendantId: attendantId ?? null,
      createdAt: new Date().toISOString(),
    });
  }

  /** The chat's number, from `recordChat` (chats begun since the protocol patch; none before). */
  numbered(protocol: string | null): void {
    this.state.protocol = protocol;
    this.state.protocolAnnounced = false;
  }

  /**
   * The first message Atende sends carries the protocol line, whoever sends
   * it (the bot's answer, the hand-off notice, an attendant's reply); an
   * answer that already names the number counts. A WhatsApp template cannot
   * take a line: the next message carries it.
   */
  private announcingProtocol(content: string, extra?: Pick<OutboundMessage, 'template'>): string {
    const { protocol } = this.state;
    if (!protocol || this.state.protocolAnnounced || extra?.template) return content;
    this.state.protocolAnnounced = true;
    if (content.includes(protocol)) return content;
    const language = this.state.language ?? 'pt';
    // The configured line (automatic messages' `protocol`), in chats that read it when they began.
    const line = this.state.texts?.protocolLines?.[language];
    if (!line) return withProtocolLine(content, protocol, language);
    return content.trim() === '' ? line : `${content}\n\n${line}`;
  }

  /** What `recordChat` read for this chat: its automatic texts and its channel's inactivity settings. */
  configured(recorded: { texts?: ChatTexts; inactivity?: InactivityPlan } | null | undefined): void {
    // Histories recorded before `recordChat` answered anything replay with no answer.
    if (recorded?.texts) this.state.texts = recorded.texts;
    if (recorded?.inactivity) this.state.inactivity = recorded.inactivity;
  }

  // ---- verbs: every change of who holds the chat and of its place in the queue ----
  // Each writes exactly the fields its callers wrote before (running chats replay them).

  /** Served or taken by hand: the chat leaves the queue for good. */
  private leaveQueue(): void {
    this.queue.since = null;
    this.queue.recheckAt = null;
    this.queue.reservation = null;
  }

  /** A person takes the chat (a claim): it leaves the queue. */
  takeBy(attendantId: string, actor: ActorName, note: string): void {
    this.state.attendantId = attendantId;
    this.leaveQueue();
    this.changeStatus('waiting_attendant', actor, note);
  }

  /** The queue gives the chat to `attendantId`, who must answer by `until` (epoch ms); `at` dates it. */
  reserveFor(attendantId: string, until: number, at: string): void {
    this.state.attendantId = attendantId;
    this.queue.recheckAt = null;
    this.queue.reservation = { attendantId, until };
    this.changeStatus('waiting_attendant', 'system', 'assigned', at);
  }

  /** Straight to another attendant (their seat is already taken): through `transferred`, as the history shows. */
  handOver(toAttendantId: string, actor: ActorName, note: string): void {
    this.state.attendantId = null;
    this.changeStatus('transferred', actor, note);
    this.state.attendantId = toAttendantId;
    this.leaveQueue();
    this.changeStatus('waiting_attendant', actor, note);
  }

  /** To a department's queue, as a new arrival there; its last holder comes last for it. */
  sendToDepartment(department: string, actor: ActorName, note: string): void {
    const from = this.state.attendantId;
    this.state.attendantId = null;
    this.state.department = department;
    // Routing's skills no longer apply, and its queue takes the chat as new.
    this.queue.skills = [];
    this.queue.since = null;
    if (from) this.queue.passedOver.push(from);
    this.changeStatus('transferred', actor, note);
  }

  /** Back to the queue at its old place; `passOver`: its holder comes last for it (a release, a lapsed reservation). */
  unassign(actor: ActorName, note: string, { passOver }: { passOver: boolean }): void {
    if (passOver) this.queue.passedOver.push(this.state.attendantId!);
    this.state.attendantId = null;
    this.changeStatus('transferred', actor, note);
  }

  /** Its attendant left (deactivated): back to the queue, their reservation void. */
  attendantLeft(reason: string): void {
    this.state.attendantId = null;
    this.queue.reservation = null;
    this.changeStatus('transferred', 'system', reason);
  }

  /** Routing's word: the department, priority and skills the queue looks for, and its place (`since`). */
  routed(route: { department: string | null; priority: Priority; skills: string[] }, since: string): void {
    this.queue.since = since;
    this.queue.skills = route.skills;
    this.state.department = route.department;
    this.state.priority = route.priority;
  }

  /** Nobody can take it now: look again at `at` (epoch ms). */
  recheckAt(at: number): void {
    this.queue.recheckAt = at;
  }

  /** An attendant's reply, or a file or template: the bot keeps out from now on. */
  attendantWrites(
    attendantId: string,
    actor: ActorName,
    content: string,
    extra: Pick<OutboundMessage, 'attachment' | 'template'>,
  ): void {
    this.state.attendantHasWritten = true;
    this.leaveQueue();
    this.send('attendant', content, attendantId, extra);
    this.changeStatus('waiting_customer', actor);
  }

  /** Our side answered through another tool: the bot keeps out from now on. */
  answeredElsewhere(): void {
    this.state.attendantHasWritten = true;
    this.changeStatus('waiting_customer', 'channel', 'answered outside Atende');
  }

  /** What the bot made of a customer message: its memory, the last intent, and priority (which only rises). */
  botRead(intent: string, priority: Priority, memory: BotMemory, language: 'pt' | 'en'): void {
    this.state.bot = memory;
    // Kept only by chats with a number to announce, so older chats' state stays as it was.
    if (this.state.protocol) this.state.language = language;
    this.state.lastIntent = intent;
    if (PRIORITIES.indexOf(priority) > PRIORITIES.indexOf(this.state.priority)) this.state.priority = priority;
  }

  resolve(actor: ActorName, note: string | undefined): void {
    this.leaveQueue();
    this.changeStatus('resolved', actor, note);
  }

  /** False for a channel message id already seen (a provider's retry); remembers it otherwise. */
  firstSight(message: InboundMessage): boolean {
    const seen = this.state.seenMessageIds;
    if (seen.includes(message.channelMessageId)) return false;
    seen.push(message.channelMessageId);
    if (seen.length > MAX_SEEN_IDS) seen.shift();
    return true;
  }

  /** The bot never answers once people handle the chat or an attendant has written. */
  humansHandle(): boolean {
    const s = this.machine.status;
    return (
      this.state.attendantHasWritten ||
      this.state.attendantId !== null ||
      s === 'transferred' ||
      s === 'waiting_attendant'
    );
  }

  /** What the command rules need to know. */
  subject(): CommandSubject {
    return {
      chatId: this.state.chatId,
      status: this.machine.status,
      attendantId: this.state.attendantId,
      queued: this.queued,
      department: this.state.department,
    };
  }

  /** The chat's row in the read model. */
  row(): ChatRowState {
    return {
      status: this.machine.status,
      priority: this.state.priority,
      // Since the queue, seats own the column (src/assignment/seats.ts).
      ...(this.queueEnabled ? {} : { attendantId: this.state.attendantId }),
      context: {
        lastIntent: this.state.lastIntent,
        botAttempts: this.state.bot.attempts,
        lastAnswerSource: this.state.bot.lastAnswerSource,
        attendantHasWritten: this.state.attendantHasWritten,
        department: this.state.department,
        ...(this.queue.passedOver.length > 0 ? { passedOver: this.queue.passedOver } : {}),
        ...holdContext(this.state.hold),
      },
      ...(this.state.sla ? { sla: slaView(this.state.sla, this.machine.terminal, Date.now()) } : {}),
    };
  }

  syncSearchAttributes(): void {
    this.searchAttributes.sync({
      status: this.machine.status,
      channelType: this.start.channelType,
      priority: this.state.priority,
      attendantId: this.state.attendantId,
      department: this.queueEnabled ? this.state.department : null,
    });
  }

  view(): ChatView {
    return {
      chatId: this.state.chatId,
      channelId: this.start.channelId,
      externalChatId: this.start.externalChatId,
      status: this.machine.status,
      priority: this.state.priority,
      attendantId: this.state.attendantId,
      department: this.state.department,
      attendantHasWritten: this.state.attendantHasWritten,
      lastIntent: this.state.lastIntent,
      botAttempts: this.state.bot.attempts,
      startedAt: this.state.startedAt,
      history: this.machine.history,
      ...(this.state.protocol ? { protocol: this.state.protocol } : {}),
    };
  }

  snapshot(waitingCustomerSince: number | null): ChatState {
    return {
      ...this.state,
      status: this.machine.status,
      history: this.machine.history,
      nextStatusSeq: this.machine.nextSequence,
      waitingCustomerSince,
      queue: this.queue,
    };
  }
}
