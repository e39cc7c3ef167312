import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AttendantActor,
  ChatView,
  CloseRequest,
  ContactInfo,
  InboundMessage,
  ReplyCommand,
  ResolveCommand,
} from './types';

/** Channel events (signals) */
export const openedSignal = defineSignal<[ContactInfo | undefined]>('opened');
export const inboundSignal = defineSignal<[InboundMessage]>('inbound');
export const closeSignal = defineSignal<[CloseRequest]>('close');

/** Live state (query) */
export const stateQuery = defineQuery<ChatView>('state');

/** Attendant commands (updates); each answers with the chat's new state. */
export const claimUpdate = defineUpdate<ChatView, [AttendantActor]>('claim');
export const replyUpdate = defineUpdate<ChatView, [ReplyCommand]>('reply');
export const releaseUpdate = defineUpdate<ChatView, [AttendantActor]>('release');
export const resolveUpdate = defineUpdate<ChatView, [ResolveCommand]>('resolve');
