import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AssignmentEvent,
  ChannelEvent,
  ChatCommand,
  ChatView,
  HoldCommand,
  ReplyCommand,
  ResolveCommand,
  TransferCommand,
} from './types';

/** Channel events (one signal, so they keep their order) */
export const channelEventSignal = defineSignal<[ChannelEvent]>('channelEvent');

/** The queue gave the chat a seat, or its attendant left (src/assignment/) */
export const assignmentSignal = defineSignal<[AssignmentEvent]>('assignment');

/** Live state (query) */
export const stateQuery = defineQuery<ChatView>('state');

/** Attendant commands (updates); each answers with the chat's new state. */
export const claimUpdate = defineUpdate<ChatView, [ChatCommand]>('claim');
export const replyUpdate = defineUpdate<ChatView, [ReplyCommand]>('reply');
export const transferUpdate = defineUpdate<ChatView, [TransferCommand]>('transfer');
export const releaseUpdate = defineUpdate<ChatView, [ChatCommand]>('release');
export const resolveUpdate = defineUpdate<ChatView, [ResolveCommand]>('resolve');
export const holdUpdate = defineUpdate<ChatView, [HoldCommand]>('hold');
export const unholdUpdate = defineUpdate<ChatView, [ChatCommand]>('unhold');
