import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import { channelEventSignal, chatWorkflowV2 } from '../../workflows/chat';
import { ChannelTypeKey, ChatStatusKey, PriorityKey } from '../../workflows/searchAttributes';
import type {
  ChannelType,
  ChatSettings,
  ChatStart,
  CloseRequest,
  ContactInfo,
  InboundMessage,
} from '../../workflows/types';
import type { Db } from '../db/client';
import type { ChatWorkflowIds } from './workflowIds';

export type ChannelRef = { id: string; type: ChannelType };

/** What became of a channel event sent to a conversation's chat. */
export type EventOutcome =
  | { kind: 'accepted'; chatId: string }
  | { kind: 'never_opened' }
  | { kind: 'closed' }
  /** A close already delivered for an earlier chat of the conversation: a replay. */
  | { kind: 'predates_chat' }
  /** A close signed more than CLOSE_CLOCK_TOLERANCE_MS ahead of this server's clock. */
  | { kind: 'from_the_future' };

/** How far ahead of ours a channel's clock may be when it signs a close (docs/api.md). */
export const CLOSE_CLOCK_TOLERANCE_MS = 5 * 60_000;

type ChatHandle = WorkflowHandle<typeof chatWorkflowV2>;

/**
 * A webhook's calls to Temporal give up after this long, so an outage
 * answers a prompt 503 (the channel retries) instead of holding the request.
 */
const TEMPORAL_CALL_DEADLINE_MS = 5_000;

/**
 * Turns channel events into workflow signals. Each call returns once Temporal
 * has durably recorded the event, so a webhook may then answer 2xx.
 *
 * The chat id a webhook answers with comes from the read model when the chat
 * is already recorded there (one indexed read), and from Temporal (`describe`)
 * only for a chat so new its workflow has not written it yet.
 *
 * Which workflow a conversation's events go to: the open chat's, as its row
 * records it (`Chat.workflowId`: the same read), so a chat keeps its id for
 * life, whatever form it has; with no open row, a new chat's opaque id
 * (`ChatWorkflowIds.of`). A new chat's first event does not look for a chat
 * still unrecorded under an earlier id form (the instant of an upgrade or a
 * key rotation): that cost a Temporal call per new chat on the per-message
 * path, for a window of milliseconds in which the worst case is a second
 * chat, nothing lost. Events to an open conversation still try the earlier
 * forms when no row names its chat (signalOpenChat).
 */
export class ChatGateway {
  private readonly operation = new AsyncLocalStorage<number>();

  constructor(
    private readonly client: Client,
    private readonly db: Db,
    /** The chats' task queue, where the workers also run the product's other workflows (retention). */
    readonly taskQueue: string,
    private readonly settings: ChatSettings,
    private readonly ids: ChatWorkflowIds,
  ) {}

  private startOptions(
    channel: ChannelRef,
    workflowId: string,
    externalChatId: string,
    contact: ContactInfo | undefined,
    chatId: string,
  ) {
    const start: ChatStart = {
      channelId: channel.id,
      channelType: channel.type,
      externalChatId,
      contact,
      settings: this.settings,
      chatId,
    };
    return {
      taskQueue: this.taskQueue,
      workflowId,
      args: [start] as [ChatStart],
      // Where describe() finds a chat's id (see chatIdOf).
      memo: { chatId },
      // Each channel's chats are one fairness key of the task queue: where the server dispatches
      // fairly (the embedded dev server does), one channel's burst cannot starve the others.
      priority: { fairnessKey: channel.id },
      typedSearchAttributes: [
        { key: ChatStatusKey, value: 'waiting' },
        { key: ChannelTypeKey, value: channel.type },
        { key: PriorityKey, value: 'normal' },
      ],
    };
  }

  /**
   * Opens the conversation's chat, or finds the one already open. A new chat
   * gets its id from here, so the answer needs no second call to Temporal;
   * a start that finds the chat running changes nothing in it.
   */
  open(channel: ChannelRef, externalChatId: string, contact?: ContactInfo): Promise<string> {
    return this.withinOneDeadline(() => this.openNow(channel, externalChatId, contact));
  }

  /**
   * A message for a chat that must already be open (API channel). A provider
   * retry of a message already stored answers as before and signals nothing.
   */
  message(channel: ChannelRef, externalChatId: string, message: InboundMessage): Promise<EventOutcome> {
    return this.withinOneDeadline(() => this.messageNow(channel, externalChatId, message));
  }

  /**
   * A message from a channel whose conversations have no explicit start
   * (Telegram, WhatsApp): it goes to the conversation's open chat, or opens
   * one (signal-with-start: one call either way). A provider retry of a
   * message already stored signals nothing.
   */
  receive(
    channel: ChannelRef,
    externalChatId: string,
    contact: ContactInfo | undefined,
    message: InboundMessage,
  ): Promise<void> {
    return this.withinOneDeadline(() => this.receiveNow(channel, externalChatId, contact, message));
  }

  /** Closes the conversation's open chat (see closeNow for which chat a signed close is for). */
  close(channel: ChannelRef, externalChatId: string, request: CloseRequest, signedAt?: string): Promise<EventOutcome> {
    return this.withinOneDeadline(() => this.closeNow(channel, externalChatId, request, signedAt));
  }

  private async openNow(channel: ChannelRef, externalChatId: string, contact?: ContactInfo): Promise<string> {
    const chatId = randomUUID();
    const row = await this.openRow(channel.id, externalChatId);
    const workflowId = row?.workflowId ?? this.ids.of(channel.id, externalChatId);
    try {
      await this.withDeadline(() =>
        this.client.workflow.start(
          chatWorkflowV2,
          this.startOptions(channel, workflowId, externalChatId, contact, chatId),
        ),
      );
      return chatId;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return row?.id ?? this.chatIdOf(this.handleOf(workflowId), channel.id, externalChatId);
  }

  private async messageNow(
    channel: ChannelRef,
    externalChatId: string,
    message: InboundMessage,
  ): Promise<EventOutcome> {
    const seen = await this.db.message.findUnique({
      where: { channelId_channelMessageId: { channelId: channel.id, channelMessageId: message.channelMessageId } },
      select: { chatId: true },
    });
    if (seen) return { kind: 'accepted', chatId: seen.chatId };
    return this.signalOpenChat(channel, externalChatId, (h) =>
      h.signal(channelEventSignal, { type: 'message', message }),
    );
  }

  private async receiveNow(
    channel: ChannelRef,
    externalChatId: string,
    contact: ContactInfo | undefined,
    message: InboundMessage,
  ): Promise<void> {
    const [seen, row] = await Promise.all([
      this.db.message.findUnique({
        where: { channelId_channelMessageId: { channelId: channel.id, channelMessageId: message.channelMessageId } },
        select: { id: true },
      }),
      this.openRow(channel.id, externalChatId),
    ]);
    if (seen) return;
    const workflowId = row?.workflowId ?? this.ids.of(channel.id, externalChatId);
    await this.withDeadline(() =>
      this.client.workflow.signalWithStart(chatWorkflowV2, {
        ...this.startOptions(channel, workflowId, externalChatId, contact, randomUUID()),
        signal: channelEventSignal,
        signalArgs: [{ type: 'message', message }],
      }),
    );
  }

  /**
   * Closes the conversation's open chat. A signed close (`signed`: the
   * timestamp a channel signed it with, exactly as sent) is meant for the
   * chat that was the conversation's current one when it first arrived:
   * that is recorded, and the same close arriving again while a later chat
   * is current (a captured close replayed) closes nothing. Its timestamp is
   * otherwise not compared with the chat's start, since a client's clock (or
   * a timestamp copied from the docs) may be anything; one dated more than
   * CLOSE_CLOCK_TOLERANCE_MS ahead of ours is refused.
   */
  private async closeNow(
    channel: ChannelRef,
    externalChatId: string,
    request: CloseRequest,
    signedAt?: string,
  ): Promise<EventOutcome> {
    if (signedAt !== undefined) {
      if (Date.parse(signedAt) > Date.now() + CLOSE_CLOCK_TOLERANCE_MS) return { kind: 'from_the_future' };
      const current = await this.currentChatId(channel.id, externalChatId);
      if (current !== null && (await this.recordClose(channel.id, externalChatId, signedAt, current)) !== current) {
        return { kind: 'predates_chat' };
      }
    }
    return this.signalOpenChat(channel, externalChatId, (h) =>
      h.signal(channelEventSignal, { type: 'close', request }),
    );
  }

  /**
   * Records that the close signed at `signedAt` is for `chatId`, unless it
   * was already recorded: returns the chat it is for, first come.
   */
  private async recordClose(
    channelId: string,
    externalChatId: string,
    signedAt: string,
    chatId: string,
  ): Promise<string> {
    const key = { channelId, externalChatId, signedAt };
    const seen = await this.db.channelClose.findUnique({
      where: { channelId_externalChatId_signedAt: key },
      select: { chatId: true },
    });
    if (seen) return seen.chatId;
    try {
      await this.db.channelClose.create({ data: { ...key, chatId } });
      return chatId;
    } catch (err) {
      // The same close arriving twice at once: the other request recorded it.
      if (!(err instanceof Error && (err as { code?: string }).code === 'P2002')) throw err;
      const other = await this.db.channelClose.findUniqueOrThrow({
        where: { channelId_externalChatId_signedAt: key },
        select: { chatId: true },
      });
      return other.chatId;
    }
  }

  /**
   * Sends to the conversation's running chat: the open row's workflow, else
   * (a chat not recorded yet, or closing) the new id's, then the earlier
   * forms'. The first that is running takes it.
   */
  private async signalOpenChat(
    channel: ChannelRef,
    externalChatId: string,
    send: (h: ChatHandle) => Promise<void>,
  ): Promise<EventOutcome> {
    const row = await this.openRow(channel.id, externalChatId);
    const candidates = row ? [row.workflowId] : this.candidateIds(channel.id, externalChatId);
    for (const workflowId of candidates) {
      const handle = this.handleOf(workflowId);
      try {
        await this.withDeadline(() => send(handle));
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        continue;
      }
      return { kind: 'accepted', chatId: row?.id ?? (await this.chatIdOf(handle, channel.id, externalChatId)) };
    }
    // Signals reach only running chats: tell a closed conversation from an unknown one.
    const recorded = await this.db.chat.findFirst({
      where: { channelId: channel.id, externalChatId },
      select: { id: true },
    });
    if (recorded) return { kind: 'closed' };
    for (const workflowId of candidates) {
      if ((await this.describeOrNull(workflowId)) !== null) return { kind: 'closed' };
    }
    return { kind: 'never_opened' };
  }

  /** The conversation's newest open chat row: its id and the workflow it runs under. */
  private openRow(channelId: string, externalChatId: string): Promise<{ id: string; workflowId: string } | null> {
    return this.db.chat.findFirst({
      where: { channelId, externalChatId, closedAt: null },
      orderBy: { startedAt: 'desc' },
      select: { id: true, workflowId: true },
    });
  }

  /** Every id a chat of the conversation may run under, the newest form first. */
  private candidateIds(channelId: string, externalChatId: string): string[] {
    return [this.ids.of(channelId, externalChatId), ...this.ids.earlier(channelId, externalChatId)];
  }

  private async describeOrNull(workflowId: string) {
    try {
      return await this.withDeadline(() => this.handleOf(workflowId).describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  /**
   * The open chat of a conversation: its newest unclosed row, else Temporal's
   * word: the run's memo (set by open() and by continue-as-new), or the first
   * run id of the chain for chats started before chat ids were given.
   */
  private async chatIdOf(handle: WorkflowHandle, channelId: string, externalChatId: string): Promise<string> {
    const recorded = await this.openRow(channelId, externalChatId);
    if (recorded) return recorded.id;
    return chatIdIn(await this.withDeadline(() => handle.describe()));
  }

  /**
   * The conversation's current chat: its open row, else the chat of the
   * latest run of its workflow, running or closed (see chatIdOf), under the
   * newest form of id that Temporal knows. Null when the conversation never
   * had a chat.
   */
  private async currentChatId(channelId: string, externalChatId: string): Promise<string | null> {
    const recorded = await this.openRow(channelId, externalChatId);
    if (recorded) return recorded.id;
    for (const workflowId of this.candidateIds(channelId, externalChatId)) {
      const description = await this.describeOrNull(workflowId);
      if (description) return chatIdIn(description);
    }
    return null;
  }

  /** A Temporal call, bounded by its operation's deadline (one for all the calls of one event). */
  private withDeadline<T>(call: () => Promise<T>): Promise<T> {
    const deadline = this.operation.getStore() ?? Date.now() + TEMPORAL_CALL_DEADLINE_MS;
    return this.client.withDeadline(deadline, call);
  }

  /**
   * One channel event: every Temporal call it makes (a look for a chat
   * started under an earlier id, the start or the signal, a describe)
   * shares one deadline, so the webhook answers within it however many it
   * takes.
   */
  private withinOneDeadline<T>(operation: () => Promise<T>): Promise<T> {
    return this.operation.run(Date.now() + TEMPORAL_CALL_DEADLINE_MS, operation);
  }

  /**
   * The workflow now running under the chat's workflow id. Commands carry the
   * chat id, and the workflow refuses them if it runs a later chat.
   */
  handleOf(workflowId: string): ChatHandle {
    return this.client.workflow.getHandle<typeof chatWorkflowV2>(workflowId);
  }
}

/** A run's chat: its memo's (set by open() and by continue-as-new), or the chain's first run id (chats from before chat ids were given). */
function chatIdIn(description: WorkflowExecutionDescription): string {
  const fromMemo = description.memo?.chatId;
  if (typeof fromMemo === 'string') return fromMemo;
  return description.raw.workflowExecutionInfo?.firstRunId || description.runId;
}
