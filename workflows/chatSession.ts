import { allHandlersFinished, condition, log, workflowInfo } from '@temporalio/workflow';
import { FRESH_BOT_MEMORY } from './botPolicy';
import { planBotTurn } from './botTurn';
import { attendantName, commandRejected, commandRules, type CommandSubject } from './commandRules';
import { chatWorkflowId } from './ids';
import { Outbox } from './outbox';
import { InactivityWatch } from './inactivity';
import { intake, records, stepRecords } from './proxies';
import { ChangeBuffer } from './readModel';
import { SearchAttributeSync } from './searchAttributeSync';
import { IllegalTransitionError, StatusMachine } from './statusMachine';
import {
  COMMAND_ERRORS,
  DEFAULT_CHAT_SETTINGS,
  PRIORITIES,
  type ActorName,
  type ChannelEvent,
  type ChatCommand,
  type ChatSettings,
  type ChatStart,
  type ChatState,
  type ChatStatus,
  type ChatView,
  type CloseRequest,
  type InboundMessage,
  type OutboundMessage,
  type ReplyCommand,
  type ResolveCommand,
  type Sender,
  type TransferCommand,
} from './types';

/** Bounded so a chat's state stays small however long it lives. */
const MAX_SEEN_IDS = 500;

/**
 * A command waits its turn behind the chat's current step (a bot turn may
 * wait on an LLM); past this it gives up (the API answers 503) rather than
 * hold the attendant's request open.
 */
const COMMAND_TURN_TIMEOUT = '20 seconds';

type Work =
  | { kind: 'inbound'; message: InboundMessage }
  | { kind: 'close'; request: CloseRequest }
  | { kind: 'silent' }
  | { kind: 'command'; run: () => void; started: boolean; done: boolean; error?: unknown };

type SessionState = Omit<ChatState, 'status' | 'history' | 'nextStatusSeq'>;

/**
 * One chat's live state and behaviour. Channel events and attendant commands
 * go through one queue, handled in order by `run()`; each step's changes are
 * written in one transaction at its end (`flush`), and the messages it wrote
 * leave through the outbox, which never holds the chat up.
 */
export class ChatSession {
  private readonly machine: StatusMachine;
  private readonly queue: Work[] = [];
  private readonly settings: ChatSettings;
  private readonly state: SessionState;
  private readonly continued: boolean;
  private readonly changes = new ChangeBuffer();
  private readonly outbox: Outbox;
  private readonly searchAttributes = new SearchAttributeSync();
  private readonly intake: ReturnType<typeof intake>;
  private readonly inactivity: InactivityWatch;

  constructor(private readonly start: ChatStart) {
    this.settings = { ...DEFAULT_CHAT_SETTINGS, ...start.settings };
    this.intake = intake(this.settings.botTurnTimeout);
    this.outbox = new Outbox(start.outbox ?? []);
    const saved = start.state;
    this.continued = saved !== undefined;
    if (saved) {
      const { status, history, nextStatusSeq, ...rest } = saved;
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
    for (const message of start.pending ?? []) this.receive(message);
    this.inactivity = new InactivityWatch(this.settings.inactivityTimeout, saved?.waitingCustomerSince ?? null, () =>
      this.queue.push({ kind: 'silent' }),
    );
  }

  // ---- handlers (wired in chat.ts) ----------------------------------------

  onChannelEvent(event: ChannelEvent): void {
    // `opened` only starts the chat (signalWithStart needs a signal); the contact comes with the input.
    if (event.type === 'message') this.receive(event.message);
    else if (event.type === 'close') this.queue.push({ kind: 'close', request: event.request });
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

  /** Runs a validated command in turn with everything else; answers the new state once it is recorded. */
  async command(run: () => void): Promise<ChatView> {
    const item: Extract<Work, { kind: 'command' }> = { kind: 'command', run, started: false, done: false };
    this.queue.push(item);
    if (!(await condition(() => item.done, COMMAND_TURN_TIMEOUT))) {
      if (!item.started) {
        this.queue.splice(this.queue.indexOf(item), 1);
        throw commandRejected(COMMAND_ERRORS.chatBusy, 'the chat is busy; try again');
      }
      await condition(() => item.done);
    }
    if (item.error !== undefined) throw item.error;
    return this.view();
  }

  /** The rules of commandRules.ts against this chat as it is now. */
  check(rule: (chat: CommandSubject, cmd: ChatCommand) => void, cmd: ChatCommand): void {
    rule({ chatId: this.state.chatId, status: this.machine.status, attendantId: this.state.attendantId }, cmd);
  }

  // ---- commands: run in queue order, re-checked, since the chat may have moved since validation ----

  claim(cmd: ChatCommand): void {
    this.check(commandRules.claim, cmd);
    this.machine.assertCanMoveTo('waiting_attendant');
    this.state.attendantId = cmd.attendantId;
    this.changeStatus('waiting_attendant', attendantName(cmd), 'claimed');
  }

  reply(cmd: ReplyCommand): void {
    this.check(commandRules.assignee, cmd);
    this.machine.assertCanMoveTo('waiting_customer');
    this.state.attendantHasWritten = true;
    this.send('attendant', cmd.content, cmd.attendantId);
    this.changeStatus('waiting_customer', attendantName(cmd));
  }

  /** Back to the queue (of a department), or to another attendant through the queue. */
  transfer(cmd: TransferCommand): void {
    this.check(commandRules.assigneeOrSupervisor, cmd);
    this.machine.assertCanMoveTo('transferred');
    const by = attendantName(cmd);
    this.state.attendantId = null;
    if ('toDepartment' in cmd) {
      this.state.department = cmd.toDepartment;
      this.changeStatus('transferred', by, `to department ${cmd.toDepartment}`);
      return;
    }
    const note = `transferred to attendant ${cmd.toAttendantId}`;
    this.changeStatus('transferred', by, note);
    this.state.attendantId = cmd.toAttendantId;
    this.changeStatus('waiting_attendant', by, note);
  }

  release(cmd: ChatCommand): void {
    this.check(commandRules.release, cmd);
    this.machine.assertCanMoveTo('transferred');
    this.state.attendantId = null;
    this.changeStatus('transferred', attendantName(cmd), 'released');
  }

  resolve(cmd: ResolveCommand): void {
    this.check(commandRules.assigneeOrSupervisor, cmd);
    this.changeStatus('resolved', attendantName(cmd), cmd.note);
  }

  // ---- the chat's life ------------------------------------------------------

  async run(): Promise<'closed' | 'continue' | { late: InboundMessage[] }> {
    if (!this.continued) await this.begin();
    void this.outbox.run();
    void this.inactivity.run();
    // Continue as new between steps, once the outbox has delivered what the last step wrote.
    const readyToContinue = () =>
      this.historyIsLong() && this.queue.length === 0 && this.outbox.idle && allHandlersFinished();
    while (!this.machine.terminal) {
      await condition(() => this.queue.length > 0 || readyToContinue());
      if (readyToContinue()) return 'continue';
      await this.process(this.queue.shift()!);
    }
    return this.finish();
  }

  /** Snapshot for continue-as-new. */
  snapshot(): ChatState {
    return {
      ...this.state,
      status: this.machine.status,
      history: this.machine.history,
      nextStatusSeq: this.machine.nextSequence,
      waitingCustomerSince: this.inactivity.waitingSince,
    };
  }

  /** Deliveries not yet made, carried into the next run. */
  pendingDeliveries(): OutboundMessage[] {
    return this.outbox.pending();
  }

  private historyIsLong(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= this.settings.continueAsNewAfterEvents;
  }

  private async begin(): Promise<void> {
    const entry = this.machine.start(this.state.startedAt, 'channel');
    await records.recordChat({
      chatId: this.state.chatId,
      workflowId: chatWorkflowId(this.start.channelId, this.start.externalChatId),
      channelId: this.start.channelId,
      externalChatId: this.start.externalChatId,
      contact: this.start.contact,
      startedAt: this.state.startedAt,
      entry,
    });
    this.syncSearchAttributes();
  }

  /**
   * Settles what was queued when the chat closed: commands fail; messages
   * after the last close open the next chat (if the customer wrote); earlier
   * ones are kept in this chat's record, so nothing accepted is lost. The
   * workflow ends only once the outbox is empty.
   */
  private async finish(): Promise<'closed' | { late: InboundMessage[] }> {
    for (;;) {
      const rest = this.queue.splice(0);
      for (const item of rest) {
        if (item.kind === 'command') {
          item.error = commandRejected(COMMAND_ERRORS.chatClosed, `chat is ${this.machine.status}`);
          item.done = true;
        }
      }
      const lastClose = rest.map((i) => i.kind).lastIndexOf('close');
      const inbound = (items: Work[]) => items.flatMap((i) => (i.kind === 'inbound' ? [i.message] : []));
      const late = inbound(rest.slice(lastClose + 1));
      const keep = inbound(rest.slice(0, lastClose + 1));
      if (late.some((m) => m.direction === 'received')) {
        for (const message of keep) await this.recordOnly(message);
        await condition(allHandlersFinished);
        return { late };
      }
      for (const message of [...keep, ...late]) await this.recordOnly(message);
      await condition(allHandlersFinished);
      // Wait for the last deliveries; a customer writing meanwhile opens the next chat, which takes them over.
      await condition(() => this.outbox.idle || this.queue.length > 0);
      if (this.queue.length === 0) return 'closed';
    }
  }

  private recordOnly(message: InboundMessage) {
    return this.intake.receiveMessage({ ...this.recordOf(message), classify: false });
  }

  private recordOf(message: InboundMessage) {
    const sender: Sender = message.direction === 'sent' ? 'attendant' : 'customer';
    return { chatId: this.state.chatId, channelId: this.start.channelId, sender, message };
  }

  /** One step: the work item, then its changes written in one transaction. */
  private async process(item: Work): Promise<void> {
    if (item.kind === 'command') item.started = true;
    try {
      if (item.kind === 'inbound') await this.handleInbound(item.message);
      else if (item.kind === 'close')
        this.changeStatus('cancelled', item.request.actor, item.request.note ?? 'conversation closed');
      else if (item.kind === 'silent') {
        // Unless the customer wrote between the deadline and this step (which restarted the wait).
        const stillSilent = this.inactivity.waitingSince === null && this.machine.status === 'waiting_customer';
        if (stillSilent) this.changeStatus('resolved', 'system', 'no reply from the customer');
      } else item.run();
    } catch (err) {
      if (item.kind === 'command') {
        item.error =
          err instanceof IllegalTransitionError ? commandRejected(COMMAND_ERRORS.illegalTransition, err.message) : err;
      } else if (err instanceof IllegalTransitionError) {
        // A channel event is never retried into a workflow task that fails forever.
        log.error('channel event ignored', { error: err.message });
      } else throw err;
    }
    await this.flush();
    if (item.kind !== 'silent') this.inactivity.reset(this.machine.status === 'waiting_customer');
    if (item.kind === 'command') item.done = true;
  }

  private async handleInbound(message: InboundMessage): Promise<void> {
    const fromUs = message.direction === 'sent';
    const botAnswers = !fromUs && !this.humansHandle();
    const received = await this.intake.receiveMessage({ ...this.recordOf(message), classify: botAnswers });
    if (received.duplicate) return;

    if (fromUs) {
      // Our side answered through another tool: the bot keeps out from now on.
      this.state.attendantHasWritten = true;
      return this.changeStatus('waiting_customer', 'channel', 'answered outside Atende');
    }
    if (!botAnswers) return this.changeStatus(this.state.attendantId ? 'waiting_attendant' : 'transferred', 'customer');

    const classification = received.classification!;
    this.changeStatus('in_progress', 'customer');
    const turn = planBotTurn(classification, this.state.bot);
    this.state.bot = turn.memory;
    this.state.lastIntent = classification.intent;
    if (PRIORITIES.indexOf(classification.priority) > PRIORITIES.indexOf(this.state.priority)) {
      this.state.priority = classification.priority;
    }
    this.changes.annotate({ messageId: received.messageId, sentAt: message.sentAt, ...turn.annotation });
    this.send('bot', turn.reply);
    this.changeStatus(turn.next, 'bot', turn.note);
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

  private send(sender: Sender, content: string, attendantId?: string): void {
    this.changes.addOutbound({
      messageId: `${this.state.chatId}-out-${this.state.nextOutboundSeq++}`,
      chatId: this.state.chatId,
      channelId: this.start.channelId,
      externalChatId: this.start.externalChatId,
      sender,
      content,
      attendantId: attendantId ?? null,
      createdAt: new Date().toISOString(),
    });
  }

  private changeStatus(to: ChatStatus, actor: ActorName, note?: string): void {
    this.changes.addEntry(this.machine.transition(to, actor, new Date().toISOString(), note));
  }

  /** Writes the step's changes and sends its messages; what did not leave waits in the outbox. */
  private async flush(): Promise<void> {
    const changes = this.changes.take();
    if (changes) {
      // Sent at once unless older messages wait in the outbox: they go first.
      const sendNow = this.outbox.idle && changes.outbound.length > 0;
      const { settled } = await stepRecords.applyChatChanges({
        chatId: this.state.chatId,
        sendNow,
        ...changes,
        chat: {
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
        },
      });
      this.outbox.push(changes.outbound.filter((m) => !settled.includes(m.messageId)));
    }
    this.syncSearchAttributes();
  }

  private syncSearchAttributes(): void {
    this.searchAttributes.sync({
      status: this.machine.status,
      channelType: this.start.channelType,
      priority: this.state.priority,
      attendantId: this.state.attendantId,
    });
  }

  private receive(message: InboundMessage): void {
    if (this.state.seenMessageIds.includes(message.channelMessageId)) {
      log.info('duplicate message dropped', { channelMessageId: message.channelMessageId });
      return;
    }
    this.state.seenMessageIds.push(message.channelMessageId);
    if (this.state.seenMessageIds.length > MAX_SEEN_IDS) this.state.seenMessageIds.shift();
    this.queue.push({ kind: 'inbound', message });
  }
}
