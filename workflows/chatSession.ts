import { allHandlersFinished, condition, log, workflowInfo } from '@temporalio/workflow';
import { attendantCommands } from './attendantCommands';
import { ChatModel } from './chatModel';
import { commandRejected, type CommandSubject } from './commandRules';
import { CSAT_PATCH, runCsatSurvey } from './csatSurvey';
import { handleInbound, messageRecord } from './customerTurn';
import { recordIncident, skippable } from './incidents';
import { onSilence, sendResolvedText } from './automaticTexts';
import { InactivityWatch, type WaitingKind } from './inactivity';
import { Outbox } from './outbox';
import { PROTOCOL_PATCH } from './protocolNotice';
import { intake, records } from './proxies';
import { HumanQueue } from './humanQueue';
import { QueueTimers } from './queueTimers';
import { HoldWatch } from './onHold';
import { SlaClocks } from './sla';
import { IllegalTransitionError } from './statusMachine';
import { writeStep } from './stepWriter';
import { WorkQueue, type Work } from './workQueue';
import {
  COMMAND_ERRORS,
  DEFAULT_CHAT_SETTINGS,
  type AssignmentEvent,
  type ChannelEvent,
  type ChatCommand,
  type ChatSettings,
  type ChatStart,
  type ChatState,
  type ChatView,
  type InboundMessage,
  type OutboundMessage,
} from './types';

type Commands = typeof attendantCommands;

/** The patch that routes a queued chat again when a transfer sends it to another department. */
export const REROUTE_PATCH = 'reroute-queued-transfer';

/**
 * One chat's life. Channel events, attendant commands and the inactivity
 * deadline go through one queue and are handled in order, one step each;
 * a step's changes are written in one transaction at its end, and the
 * messages it wrote leave through the outbox, which never holds the chat up.
 */
export class ChatSession {
  private readonly chat: ChatModel;
  private readonly queue = new WorkQueue();
  private readonly settings: ChatSettings;
  private readonly continued: boolean;
  private readonly outbox: Outbox;
  private readonly intake: ReturnType<typeof intake>;
  private readonly inactivity: InactivityWatch;
  private readonly queueTimers: QueueTimers;
  private readonly humanQueue: HumanQueue;
  private readonly sla: SlaClocks;
  private readonly hold: HoldWatch;

  constructor(start: ChatStart) {
    this.settings = { ...DEFAULT_CHAT_SETTINGS, ...start.settings };
    this.intake = intake(this.settings.botTurnTimeout);
    this.outbox = new Outbox(start.outbox ?? []);
    this.continued = start.state !== undefined;
    this.chat = new ChatModel(start);
    for (const message of start.pending ?? []) this.receive(message);
    this.inactivity = new InactivityWatch(
      this.settings.inactivityTimeout,
      start.state?.waitingCustomerSince ?? null,
      (due) => this.queue.push({ kind: 'silent', due }),
      () => this.chat.state.inactivity,
      start.state ?? {},
    );
    this.humanQueue = new HumanQueue(this.chat, this.settings, this.outbox);
    this.queueTimers = new QueueTimers(
      this.chat.queue,
      () => this.queue.push({ kind: 'queue_check' }),
      (attendantId) => this.queue.push({ kind: 'reservation_over', attendantId }),
    );
    this.sla = new SlaClocks(this.chat, () => this.queue.push({ kind: 'sla_due' }));
    this.hold = new HoldWatch(this.chat, () => this.queue.push({ kind: 'hold_over' }));
  }

  // ---- handlers (wired in chat.ts) ----------------------------------------

  onChannelEvent(event: ChannelEvent): void {
    // `opened` only starts the chat (signalWithStart needs a signal); the contact comes with the input.
    if (event.type === 'message') this.receive(event.message);
    else if (event.type === 'close') this.queue.push({ kind: 'close', request: event.request });
  }

  onAssignment(event: AssignmentEvent): void {
    this.queue.push({ kind: 'assignment', event });
  }

  view(): ChatView {
    return this.chat.view();
  }

  /** An Update validator: the command's rule against the chat as it is now. */
  check(rule: (chat: CommandSubject, cmd: ChatCommand) => void, cmd: ChatCommand): void {
    rule(this.chat.subject(), cmd);
  }

  /** Runs an attendant command in turn with everything else; answers the new state once it is recorded. */
  async command<K extends keyof Commands>(name: K, cmd: Parameters<Commands[K]>[1]): Promise<ChatView> {
    const run = attendantCommands[name] as (chat: ChatModel, c: typeof cmd) => void | Promise<void>;
    await this.queue.runCommand(() => run(this.chat, cmd));
    return this.view();
  }

  // ---- the chat's life ------------------------------------------------------

  async run(): Promise<'closed' | 'continue' | { late: InboundMessage[] }> {
    if (!this.continued) await this.begin();
    void this.outbox.run();
    void this.inactivity.run();
    void this.queueTimers.run();
    void this.sla.run();
    void this.hold.run();
    const queue = this.queue.items;
    // Continue as new between steps, once the outbox has delivered what the last step wrote.
    const readyToContinue = () =>
      this.historyIsLong() && queue.length === 0 && this.outbox.idle && allHandlersFinished();
    while (!this.chat.machine.terminal) {
      await condition(() => queue.length > 0 || readyToContinue());
      if (readyToContinue()) return 'continue';
      await this.process(queue.shift()!);
    }
    // A resolved chat asks its satisfaction survey before it ends (chats resolved before the patch do not).
    if (this.chat.status === 'resolved' && (await sendResolvedText(this.chat))) await writeStep(this.chat, this.outbox);
    if (this.chat.status === 'resolved' && this.chat.patches.has(CSAT_PATCH)) {
      await runCsatSurvey({
        chat: this.chat,
        queue,
        outbox: this.outbox,
        recordOnly: (message) => this.recordOnly(message),
      });
    }
    return this.finish();
  }

  /** Snapshot for continue-as-new. */
  snapshot(): ChatState {
    return { ...this.chat.snapshot(this.inactivity.waitingSince), ...this.inactivity.saved() };
  }

  /** Deliveries not yet made, carried into the next run. */
  pendingDeliveries(): OutboundMessage[] {
    return this.outbox.pending();
  }

  /** Who the chat waits on the customer after, if it does: the inactivity runs in these two states only. */
  private waitingOnCustomer(): WaitingKind | null {
    if (this.chat.status !== 'waiting_customer') return null;
    return this.chat.humansHandle() ? 'waitingCustomer' : 'withBot';
  }

  private historyIsLong(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= this.settings.continueAsNewAfterEvents;
  }

  private async begin(): Promise<void> {
    const { chat } = this;
    const entry = chat.machine.start(chat.state.startedAt, 'channel');
    const recorded = await records.recordChat({
      chatId: chat.chatId,
      // The id it was started under (the gateway's choice; never computed here).
      workflowId: workflowInfo().workflowId,
      channelId: chat.start.channelId,
      externalChatId: chat.start.externalChatId,
      contact: chat.start.contact,
      startedAt: chat.state.startedAt,
      entry,
    });
    // Chats begun before the patch replay without a number in their state (workflows/protocolNotice.ts).
    if (chat.patches.has(PROTOCOL_PATCH)) chat.numbered(recorded.protocol);
    chat.configured(recorded);
    chat.syncSearchAttributes();
  }

  /** One step: the work item, then its changes written in one transaction, then the queue's part. */
  private async process(item: Work): Promise<void> {
    const before = {
      holder: this.chat.state.attendantId,
      queued: this.chat.queued,
      department: this.chat.state.department,
    };
    if (item.kind === 'command') item.started = true;
    try {
      await this.handle(item);
    } catch (err) {
      if (item.kind === 'command') {
        item.error =
          err instanceof IllegalTransitionError ? commandRejected(COMMAND_ERRORS.illegalTransition, err.message) : err;
      } else if (err instanceof IllegalTransitionError) {
        // A channel event is never retried into a workflow task that fails forever.
        log.error('channel event ignored', { error: err.message });
      } else {
        const failure = skippable(this.chat, err);
        if (!failure) throw err;
        // A message the database refuses for good: recorded, and the chat takes the next one.
        log.error('channel event skipped', { step: item.kind, error: failure.message });
        const inbound = item.kind === 'inbound' ? item.message : undefined;
        await recordIncident(this.chat, inbound ? 'receiveMessage' : item.kind, failure, inbound?.channelMessageId);
      }
    }
    const freed = this.humanQueue.freedSeat(before.holder);
    this.hold.settle();
    this.sla.settle();
    await writeStep(this.chat, this.outbox);
    if (item.kind === 'inbound' || item.kind === 'command' || item.kind === 'close') {
      this.inactivity.reset(this.waitingOnCustomer());
    }
    if (item.kind === 'command') item.done = true;
    // A queued chat sent to another department is routed again at once (before the patch: at its next check).
    const rerouted =
      before.queued && this.chat.state.department !== before.department && this.chat.patches.has(REROUTE_PATCH);
    if (this.chat.queued && (!before.queued || item.kind === 'queue_check' || rerouted) && this.chat.usesQueue()) {
      await this.humanQueue.seek();
    }
    await this.sla.attachIfDue(this.outbox);
    if (freed) await records.offerSeats({ attendantId: freed, at: new Date().toISOString() });
  }

  private async handle(item: Work): Promise<void> {
    switch (item.kind) {
      case 'inbound':
        return handleInbound(this.chat, this.intake, item.message);
      case 'close':
        return this.chat.changeStatus('cancelled', item.request.actor, item.request.note ?? 'conversation closed');
      case 'silent':
        return onSilence(this.chat, this.inactivity, item.due);
      case 'command':
        return item.run();
      case 'assignment':
        return this.humanQueue.onAssignment(item.event);
      case 'reservation_over':
        return this.humanQueue.onReservationOver(item.attendantId);
      case 'queue_check':
        return; // the queue's seek runs after the step if the chat is still queued
      case 'sla_due':
        return this.sla.fire();
      case 'hold_over':
        return this.hold.wake();
    }
  }

  /**
   * Settles what was queued when the chat closed: commands fail; messages
   * after the last close open the next chat (if the customer wrote); earlier
   * ones are kept in this chat's record, so nothing accepted is lost. The
   * workflow ends only once the outbox is empty.
   */
  private async finish(): Promise<'closed' | { late: InboundMessage[] }> {
    const queue = this.queue.items;
    for (;;) {
      const rest = queue.splice(0);
      for (const item of rest) {
        if (item.kind === 'command') {
          item.error = commandRejected(COMMAND_ERRORS.chatClosed, `chat is ${this.chat.status}`);
          item.done = true;
        }
      }
      const lastClose = rest.map((i) => i.kind).lastIndexOf('close');
      const inbound = (items: Work[]) => items.flatMap((i) => (i.kind === 'inbound' ? [i.message] : []));
      const late = inbound(rest.slice(lastClose + 1));
      const keep = inbound(rest.slice(0, lastClose + 1));
      const customerWrote = late.some((m) => m.direction === 'received');
      for (const message of customerWrote ? keep : [...keep, ...late]) await this.recordOnly(message);
      await condition(allHandlersFinished);
      if (customerWrote) return { late };
      // Wait for the last deliveries; a customer writing meanwhile opens the next chat, which takes them over.
      await condition(() => this.outbox.idle || queue.length > 0);
      if (queue.length === 0) return 'closed';
    }
  }

  private recordOnly(message: InboundMessage) {
    return this.intake.receiveMessage({ ...messageRecord(this.chat, message), classify: false });
  }

  private receive(message: InboundMessage): void {
    if (!this.chat.firstSight(message)) {
      // Not the channel's message id: Telegram's holds the user id, WhatsApp's wamid encodes the phone.
      log.info('duplicate message dropped', { chatId: this.chat.chatId });
      return;
    }
    this.queue.push({ kind: 'inbound', message });
  }
}
