import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { decide, HANDOFF_MESSAGES } from './botPolicy';
import { chatWorkflowId } from './ids';
import { AttendantIdKey, ChannelTypeKey, ChatStatusKey, PriorityKey } from './searchAttributes';
import { IllegalTransitionError, StatusMachine } from './statusMachine';
import {
  DEFAULT_CHAT_SETTINGS,
  PRIORITIES,
  type ActorName,
  type AttendantActor,
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
} from './types';

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

/** Error types an Update can fail with; the API maps them to 409. */
export const CHAT_CLOSED = 'ChatClosed';
export const NOT_ASSIGNEE = 'NotAssignee';
export const ILLEGAL_TRANSITION = 'IllegalTransition';

type Work =
  | { kind: 'inbound'; message: InboundMessage }
  | { kind: 'close'; request: CloseRequest }
  | { kind: 'command'; run: () => Promise<void>; done: boolean; error?: unknown };

function conflict(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
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
      ? { ...saved }
      : {
          // The first run id names the chat for its whole continue-as-new chain.
          chatId: start.newChat ? uuid4() : workflowInfo().firstExecutionRunId,
          priority: 'normal',
          attendantId: null,
          attendantHasWritten: false,
          seenMessageIds: [],
          nextOutboundSeq: 1,
          lastIntent: null,
          startedAt: new Date().toISOString(),
        };
    for (const message of start.pending ?? []) this.queue.push({ kind: 'inbound', message });
  }

  // ---- handlers (wired in chat.ts) ----------------------------------------

  receive(message: InboundMessage): void {
    if (this.state.seenMessageIds.includes(message.channelMessageId)) {
      log.info('duplicate message dropped', { channelMessageId: message.channelMessageId });
      return;
    }
    this.remember(message.channelMessageId);
    this.queue.push({ kind: 'inbound', message });
  }

  requestClose(request: CloseRequest): void {
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
      attendantHasWritten: this.state.attendantHasWritten,
      lastIntent: this.state.lastIntent,
      startedAt: this.state.startedAt,
      history: this.machine.history,
    };
  }

  /** Runs a validated command in turn with everything else; answers the new state. */
  async command(run: () => Promise<void>): Promise<ChatView> {
    const item: Extract<Work, { kind: 'command' }> = { kind: 'command', run, done: false };
    this.queue.push(item);
    await condition(() => item.done);
    if (item.error !== undefined) throw item.error;
    return this.view();
  }

  // ---- validators: synchronous, reject before anything reaches history ----

  validateOpen(): void {
    if (this.machine.terminal) throw conflict(CHAT_CLOSED, `chat is ${this.machine.status}`);
  }

  validateClaim(actor: AttendantActor): void {
    this.validateOpen();
    const owner = this.state.attendantId;
    if (owner !== null && owner !== actor.attendantId && actor.role === 'attendant') {
      throw conflict(NOT_ASSIGNEE, 'chat is assigned to another attendant');
    }
  }

  /** Reply: only the assigned attendant writes to the customer. */
  validateAssignee(actor: AttendantActor): void {
    this.validateOpen();
    if (this.state.attendantId !== actor.attendantId) throw conflict(NOT_ASSIGNEE, 'caller is not the chat\'s attendant');
  }

  /** Release and resolve: the assignee, or a supervisor or admin. */
  validateAssigneeOrSupervisor(actor: AttendantActor): void {
    this.validateOpen();
    if (actor.role === 'attendant' && this.state.attendantId !== actor.attendantId) {
      throw conflict(NOT_ASSIGNEE, 'caller is not the chat\'s attendant');
    }
  }

  validateRelease(actor: AttendantActor): void {
    this.validateAssigneeOrSupervisor(actor);
    if (this.state.attendantId === null) throw conflict(NOT_ASSIGNEE, 'chat has no attendant to release');
  }

  // ---- commands: run in queue order; re-check, since state may have moved ----

  async claim(actor: AttendantActor): Promise<void> {
    this.validateClaim(actor);
    this.state.attendantId = actor.attendantId;
    await this.changeStatus('waiting_attendant', attendantName(actor), 'claimed');
  }

  async reply(cmd: ReplyCommand): Promise<void> {
    this.validateAssignee(cmd);
    this.state.attendantHasWritten = true;
    await this.send('attendant', cmd.content, cmd.attendantId);
    await this.changeStatus('waiting_customer', attendantName(cmd));
  }

  async release(actor: AttendantActor): Promise<void> {
    this.validateRelease(actor);
    this.state.attendantId = null;
    await this.changeStatus('transferred', attendantName(actor), 'released');
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
      workflowId: chatWorkflowId(this.start.channelId, this.start.externalChatId),
      channelId: this.start.channelId,
      externalChatId: this.start.externalChatId,
      contact: this.start.contact,
      startedAt: this.state.startedAt,
      entry,
    });
  }

  /** Fails commands that came too late; returns customer messages that need a new chat. */
  private async finish(): Promise<'closed' | { late: InboundMessage[] }> {
    const late: InboundMessage[] = [];
    for (const item of this.queue.splice(0)) {
      if (item.kind === 'command') {
        item.error = conflict(CHAT_CLOSED, `chat is ${this.machine.status}`);
        item.done = true;
      } else if (item.kind === 'inbound' && item.message.direction === 'received') {
        late.push(item.message);
      }
    }
    await condition(allHandlersFinished);
    return late.length > 0 ? { late } : 'closed';
  }

  private async process(item: Work): Promise<void> {
    switch (item.kind) {
      case 'inbound':
        return this.handleInbound(item.message);
      case 'close':
        if (this.machine.terminal) return;
        return this.changeStatus('cancelled', item.request.actor, item.request.note ?? 'conversation closed');
      case 'command':
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
    const { messageId, duplicate } = await store.recordInbound({
      chatId: this.state.chatId,
      channelId: this.start.channelId,
      sender: fromUs ? 'attendant' : 'customer',
      message,
    });
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
    const classification = await store.classifyMessage({ text: message.content });
    const decision = decide(classification);
    await store.annotateMessage({
      messageId,
      intent: classification.intent,
      confidence: classification.confidence,
      entities: classification.entities,
      botDraft: decision.kind === 'handoff' ? decision.draft : null,
    });
    this.state.lastIntent = classification.intent;
    if (PRIORITIES.indexOf(classification.priority) > PRIORITIES.indexOf(this.state.priority)) {
      this.state.priority = classification.priority;
    }

    if (decision.kind === 'answer') {
      await this.send('bot', decision.text);
      await this.changeStatus('waiting_customer', 'bot', `answered ${classification.intent}`);
    } else {
      await this.send('bot', HANDOFF_MESSAGES[classification.language]);
      await this.changeStatus('transferred', 'bot', decision.reason);
    }
  }

  /** The bot never answers once people handle the chat or an attendant has written. */
  private humansHandle(): boolean {
    const s = this.machine.status;
    return this.state.attendantHasWritten || this.state.attendantId !== null || s === 'transferred' || s === 'waiting_attendant';
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
      context: { lastIntent: this.state.lastIntent, attendantHasWritten: this.state.attendantHasWritten },
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
