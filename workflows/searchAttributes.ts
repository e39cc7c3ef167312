import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes that make chats findable in the Web UI. Only
 * enumerations and ids: never phone numbers, names or message text.
 */
export const ChatStatusKey = defineSearchAttributeKey('ChatStatus', SearchAttributeType.KEYWORD);
export const ChannelTypeKey = defineSearchAttributeKey('ChannelType', SearchAttributeType.KEYWORD);
export const PriorityKey = defineSearchAttributeKey('Priority', SearchAttributeType.KEYWORD);
export const AttendantIdKey = defineSearchAttributeKey('AttendantId', SearchAttributeType.KEYWORD);

/** The department a queued or assigned chat belongs to. */
export const DepartmentKey = defineSearchAttributeKey('Department', SearchAttributeType.KEYWORD);

export const CHAT_SEARCH_ATTRIBUTES = [ChatStatusKey, ChannelTypeKey, PriorityKey, AttendantIdKey, DepartmentKey];
