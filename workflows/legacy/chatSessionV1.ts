import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  patched,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { decide, decideTurn, FRESH_BOT_MEMORY, HANDOFF_MESSAGES, type BotDecision } from '../botPolicy';
import { AttendantIdKey, ChannelTypeKey, ChatStatusKey, PriorityKey } from '../searchAttributes';
import { IllegalTransitionError, StatusMachine } from '../statusMachine';
import {
  COMMAND_ERRORS,
  DEFAULT_CHAT_SETTINGS,
  PRIORITIES,
  type ActorName,
  type AttendantActor,
  type ChannelEvent,
  type ChatCommand,
  type ChatSettings,
  type ChatStart,
  type ChatState,
  type ChatStatus,
  type ChatView,
  type CloseRequest,
  type InboundMessage,
  type Priority,
  type ReplyCommand,
  type ResolveCommand,
  type Sender,
  type TransferCommand,
} from '../types';

type Activities = ReturnType<typeof createActivities>;

// Database writes and classification: quick, retried until the database is back.
const store = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Sends to a channel: retried with backoff until delivered; a 4xx comes back
// as a failed delivery (a value), not as an error.
const channel = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Bounded so a chat's state stays small however long it lives. */
const MAX_SEEN_IDS = 500;

const {
  chatClosed: CHAT_CLOSED,
  notAssignee: NOT_ASSIGNEE,
  illegalTransition: ILLEGAL_TRANSITION,
  chatBusy: CHAT_BUSY,
} = COMMAND_ERRORS;

/**
 * A command waits its turn behind the chat's current work, which may be a
 * delivery being retried; past this it gives up (the API answers 503) rather
 * than hold the attendant's request open.
 */
const COMMAND_TURN_TIMEOUT = '20 seconds';

/** Patch ids of changes made while chats were running (see tests/workflow/replay.test.ts). */
const PATCHES = {
  /** Bot turns remember failed answers and hand off after two (bot memory). */
  botMemory: 'bot-memory-v1',
};

type Work =
  | { kind: 'inbound'; message: InboundMessage }
  | { kind: 'close'; request: CloseRequest }
  | { kind: 'command'; run: () => Promise<void>; started: boolean; done: boolean; error?: unknown };

function conflict(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** The status fields live in the StatusMachine; the rest of a saved state is the session's. */
function withoutMachineFields(saved: ChatState): Omit<ChatState, 'status' | 'history' | 'nextStatusSeq'> {
  const { status, history, nextStatusSeq, ...rest } = saved;
  return rest;
}

function attendantName(actor: AttendantActor): ActorName {
  return `attendant:${actor.attendantId}`;
}

/**
 * One chat's live state and behaviour. Every change (channel events and
 * attendant commands alike) goes through one queue, handled in order by
 * `run()`, so concurrent handlers never interleave their activity calls.
 */
export class ChatSession {
  private readonly machine: StatusMachine;
  private readonly queue: Work[] = [];
  private readonly settings: ChatSettings;
  private state: Omit<ChatState, 'status' | 'history' | 'nextStatusSeq'>;
  private readonly continued: boolean;

  constructor(private readonly start: ChatStart) {
    this.settings = { ...DEFAULT_CHAT_SETTINGS, ...start.settings };
    const saved = start.state;
    this.continued = saved !== undefined;
    this.machine = saved ? new StatusMachine(saved.status, saved.history, saved.nextStatusSeq) : StatusMachine.fresh();
    this.state = saved
      ? { ...withoutMachineFields(saved), bot: saved.bot ?? FRESH_BOT_MEMORY }
      : {
          // The first run id names the chat for its whole continue-as-new chain.
          chatId: start.newChat && start.chatId ? start.chatId : workflowInfo().firstExecutionRunId,
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
    for (const message of start.pending ?? []) {
      this.remember(message.channelMessageId);
      this.queue.push({ kind: 'inbound', message });
    }
  }

  // ---- handlers (wired in chat.ts) ----------------------------------------

  onChannelEvent(event: ChannelEvent): void {
    // `opened` only starts the chat (signalWithStart needs a signal); the contact comes with the input.
    if (event.type === 'message') this.receive(event.message);
    else if (event.type === 'close') this.requestClose(event.request);
  }

  private receive(message: InboundMessage): void {
    if (this.state.seenMessageIds.includes(message.channelMessageId)) {
      // Not the channel's message id: Telegram's holds the user id, WhatsApp's wamid encodes the phone.
      log.info('duplicate message dropped', { chatId: this.state.chatId });
      return;
    }
    this.remember(message.channelMessageId);
    this.queue.push({ kind: 'inbound', message });
  }

  private requestClose(request: CloseRequest): void {
    this.queue.push({ kind: 'close', request });
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
    };
  }

  /** Runs a validated command in turn with everything else; answers the new state. */
  async command(run: () => Promise<void>): Promise<ChatView> {
    const item: Extract<Work, { kind: 'command' }> = { kind: 'command', run, started: false, done: false };
    this.queue.push(item);
    if (!(await condition(() => item.done, COMMAND_TURN_TIMEOUT))) {
      if (!item.started) {
        this.queue.splice(this.queue.indexOf(item), 1);
        throw conflict(CHAT_BUSY, 'the chat is busy (a delivery is being retried); try again');
      }
      await condition(() => item.done);
    }
    if (item.error !== undefined) throw item.error;
    return this.view();
  }

  // ---- validators: synchronous, reject before anything reaches history ----

  /** The command is for this chat, and this chat is open. */
  validateOpen(cmd: ChatCommand): void {
    if (cmd.chatId !== this.state.chatId) throw conflict(CHAT_CLOSED, `chat ${cmd.chatId} is closed`);
    if (this.machine.terminal) throw conflict(CHAT_CLOSED, `chat is ${this.machine.status}`);
  }

  validateClaim(cmd: ChatCommand): void {
    this.validateOpen(cmd);
    const owner = this.state.attendantId;
    if (owner !== null && owner !== cmd.attendantId && cmd.role === 'attendant') {
      throw conflict(NOT_ASSIGNEE, 'chat is assigned to another attendant');
    }
  }

  /** Reply: only the assigned attendant writes to the customer. */
  validateAssignee(cmd: ChatCommand): void {
    this.validateOpen(cmd);
    if (this.state.attendantId !== cmd.attendantId) throw conflict(NOT_ASSIGNEE, "caller is not the chat's attendant");
  }

  /** Transfer and resolve: the assignee, or a supervisor or admin. */
  validateAssigneeOrSupervisor(cmd: ChatCommand): void {
    this.validateOpen(cmd);
    if (cmd.role === 'attendant' && this.state.attendantId !== cmd.attendantId) {
      throw conflict(NOT_ASSIGNEE, "caller is not the chat's attendant");
    }
  }

  validateRelease(cmd: ChatCommand): void {
    this.validateAssigneeOrSupervisor(cmd);
    if (this.state.attendantId === null) throw conflict(NOT_ASSIGNEE, 'chat has no attendant to release');
  }

  // ---- commands: run in queue order; re-check, since state may have moved ----

  async claim(cmd: ChatCommand): Promise<void> {
    this.validateClaim(cmd);
    this.machine.assertCanMoveTo('waiting_attendant');
    this.state.attendantId = cmd.attendantId;
    await this.changeStatus('waiting_attendant', attendantName(cmd), 'claimed');
  }

  async reply(cmd: ReplyCommand): Promise<void> {
    this.validateAssignee(cmd);
    this.machine.assertCanMoveTo('waiting_customer');
    this.state.attendantHasWritten = true;
    await this.send('attendant', cmd.content, cmd.attendantId);
    await this.changeStatus('waiting_customer', attendantName(cmd));
  }

  /** Back to the queue (of a department), or to another attendant through the queue. */
  async transfer(cmd: TransferCommand): Promise<void> {
    this.validateAssigneeOrSupervisor(cmd);
    this.machine.assertCanMoveTo('transferred');
    const by = attendantName(cmd);
    this.state.attendantId = null;
    if ('toDepartment' in cmd) {
      this.state.department = cmd.toDepartment;
      await this.changeStatus('transferred', by, `to department ${cmd.toDepartment}`);
      return;
    }
    const note = `transferred to attendant ${cmd.toAttendantId}`;
    await this.changeStatus('transferred', by, note);
    this.state.attendantId = cmd.toAttendantId;
    await this.changeStatus('waiting_attendant', by, note);
  }

  async release(cmd: ChatCommand): Promise<void> {
    this.validateRelease(cmd);
    this.machine.assertCanMoveTo('transferred');
    this.state.attendantId = null;
    await this.changeStatus('transferred', attendantName(cmd), 'released');
  }

  async resolve(cmd: ResolveCommand): Promise<void> {
    this.validateAssigneeOrSupervisor(cmd);
    await this.changeStatus('resolved', attendantName(cmd), cmd.note);
  }

  // ---- the chat's life ------------------------------------------------------

  async run(): Promise<'closed' | 'continue' | { late: InboundMessage[] }> {
    if (!this.continued) await this.begin();
    while (!this.machine.terminal) {
      const hasWork = () => this.queue.length > 0;
      if (this.machine.status === 'waiting_customer') {
        const spoke = await condition(hasWork, this.settings.inactivityTimeout);
        if (!spoke) {
          await this.changeStatus('resolved', 'system', 'no reply from the customer');
          break;
        }
      } else {
        await condition(hasWork);
      }
      await this.process(this.queue.shift()!);
      if (this.historyIsLong() && this.queue.length === 0 && allHandlersFinished()) return 'continue';
    }
    return this.finish();
  }

  private historyIsLong(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= this.settings.continueAsNewAfterEvents;
  }

  /** Snapshot for continue-as-new. */
  snapshot(): ChatState {
    return {
      ...this.state,
      status: this.machine.status,
      history: this.machine.history,
      nextStatusSeq: this.machine.nextSequence,
    };
  }

  private async begin(): Promise<void> {
    const entry = this.machine.start(this.state.startedAt, 'channel');
    this.syncSearchAttributes();
    await store.recordChat({
      chatId: this.state.chatId,
      workflowId: workflowInfo().workflowId,
      channelId: this.start.channelId,
      externalChatId: this.start.externalChatId,
      contact: this.start.contact,
      startedAt: this.state.startedAt,
      entry,
    });
  }

  /**
   * Settles what was queued when the chat closed: commands fail; messages
   * after the last close open the next chat (if the customer wrote); earlier
   * ones are kept in this chat's record, so nothing accepted is lost.
   */
  private async finish(): Promise<'closed' | { late: InboundMessage[] }> {
    const rest = this.queue.splice(0);
    for (const item of rest) {
      if (item.kind === 'command') {
        item.error = conflict(CHAT_CLOSED, `chat is ${this.machine.status}`);
        item.done = true;
      }
    }
    const lastClose = rest.map((i) => i.kind).lastIndexOf('close');
    const inbound = (items: Work[]) => items.flatMap((i) => (i.kind === 'inbound' ? [i.message] : []));
    let late = inbound(rest.slice(lastClose + 1));
    const keep = inbound(rest.slice(0, lastClose + 1));
    if (!late.some((m) => m.direction === 'received')) {
      keep.push(...late);
      late = [];
    }
    for (const message of keep) await this.recordOnly(message);
    await condition(allHandlersFinished);
    return late.length > 0 ? { late } : 'closed';
  }

  private recordOnly(message: InboundMessage) {
    return store.recordInbound({
      chatId: this.state.chatId,
      channelId: this.start.channelId,
      sender: message.direction === 'sent' ? 'attendant' : 'customer',
      message,
    });
  }

  private async process(item: Work): Promise<void> {
    switch (item.kind) {
      case 'inbound':
      case 'close':
        try {
          if (item.kind === 'inbound') await this.handleInbound(item.message);
          else if (!this.machine.terminal) {
            await this.changeStatus('cancelled', item.request.actor, item.request.note ?? 'conversation closed');
          }
        } catch (err) {
          // A channel event is never retried into a workflow task that fails forever.
          if (!(err instanceof IllegalTransitionError)) throw err;
          log.error('channel event ignored', { error: err.message });
        }
        return;
      case 'command':
        item.started = true;
        try {
          await item.run();
        } catch (err) {
          item.error = err instanceof IllegalTransitionError ? conflict(ILLEGAL_TRANSITION, err.message) : err;
        } finally {
          item.done = true;
        }
    }
  }

  private async handleInbound(message: InboundMessage): Promise<void> {
    const fromUs = message.direction === 'sent';
    const { messageId, duplicate } = await this.recordOnly(message);
    if (duplicate) return;

    if (fromUs) {
      // Our side answered through another tool: the bot keeps out from now on.
      this.state.attendantHasWritten = true;
      return this.changeStatus('waiting_customer', 'channel', 'answered outside Atende');
    }

    if (this.humansHandle()) {
      const next: ChatStatus = this.state.attendantId ? 'waiting_attendant' : 'transferred';
      return this.changeStatus(next, 'customer');
    }

    await this.changeStatus('in_progress', 'customer');
    const classification = await store.classifyMessage({ text: message.content, receivedAt: message.receivedAt });
    let decision: BotDecision;
    if (patched(PATCHES.botMemory)) {
      const turn = decideTurn(classification, this.state.bot);
      decision = turn.decision;
      this.state.bot = turn.memory;
    } else {
      decision = decide(classification);
    }
    await store.annotateMessage({
      messageId,
      intent: classification.intent,
      confidence: classification.confidence,
      entities: classification.entities,
      botDraft: decision.kind === 'handoff' ? decision.draft : null,
      // What was sent, or drafted for the attendant; nothing when the bot neither answered nor drafted.
      answerSource:
        decision.kind === 'answer' ? decision.source : decision.draft ? (classification.answerSource ?? null) : null,
    });
    this.state.lastIntent = classification.intent;
    if (PRIORITIES.indexOf(classification.priority) > PRIORITIES.indexOf(this.state.priority)) {
      this.state.priority = classification.priority;
    }

    if (decision.kind === 'answer') {
      await this.send('bot', decision.text);
      const from = decision.source ? ` from ${decision.source}` : '';
      await this.changeStatus('waiting_customer', 'bot', `answered ${classification.intent}${from}`);
    } else {
      await this.send('bot', HANDOFF_MESSAGES[classification.language]);
      await this.changeStatus('transferred', 'bot', decision.reason);
    }
  }

  /** The bot never answers once people handle the chat or an attendant has written. */
  private humansHandle(): boolean {
    const s = this.machine.status;
    return (
      this.state.attendantHasWritten ||
      this.state.attendantId !== null ||
      s === 'transferred' ||
      s === 'waiting_attendant'
    );
  }

  private async send(sender: Sender, content: string, attendantId?: string): Promise<void> {
    const seq = this.state.nextOutboundSeq++;
    const result = await channel.deliverMessage({
      // Deterministic, so a retried activity updates one row and the receiver can dedupe.
      messageId: `${this.state.chatId}-out-${seq}`,
      chatId: this.state.chatId,
      channelId: this.start.channelId,
      externalChatId: this.start.externalChatId,
      sender,
      content,
      attendantId: attendantId ?? null,
      createdAt: new Date().toISOString(),
    });
    if (result.status === 'failed') log.warn('delivery failed', { seq, error: result.error });
  }

  private async changeStatus(to: ChatStatus, actor: ActorName, note?: string): Promise<void> {
    const entry = this.machine.transition(to, actor, new Date().toISOString(), note);
    this.syncSearchAttributes();
    await store.recordChatState({
      chatId: this.state.chatId,
      entry,
      status: this.machine.status,
      priority: this.state.priority,
      attendantId: this.state.attendantId,
      context: {
        lastIntent: this.state.lastIntent,
        botAttempts: this.state.bot.attempts,
        lastAnswerSource: this.state.bot.lastAnswerSource,
        attendantHasWritten: this.state.attendantHasWritten,
        department: this.state.department,
      },
    });
  }

  private syncSearchAttributes(): void {
    upsertSearchAttributes([
      { key: ChatStatusKey, value: this.machine.status },
      { key: ChannelTypeKey, value: this.start.channelType },
      { key: PriorityKey, value: this.state.priority satisfies Priority },
      { key: AttendantIdKey, value: this.state.attendantId },
    ]);
  }

  private remember(id: string): void {
    this.state.seenMessageIds.push(id);
    if (this.state.seenMessageIds.length > MAX_SEEN_IDS) this.state.seenMessageIds.shift();
  }
}
