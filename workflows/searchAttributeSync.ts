import type { SearchAttributePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { AttendantIdKey, ChannelTypeKey, ChatStatusKey, DepartmentKey, PriorityKey } from './searchAttributes';
import type { ChannelType, ChatStatus, Priority } from './types';

export interface ChatSearchValues {
  status: ChatStatus;
  channelType: ChannelType;
  priority: Priority;
  attendantId: string | null;
  department: string | null;
}

/**
 * Upserts the chat's search attributes only when one changed: each upsert is
 * a history event, and a chat going waiting_customer → in_progress →
 * waiting_customer within one step needs none.
 */
export class SearchAttributeSync {
  private readonly current = new Map<string, string | null>();

  constructor() {
    // Whatever the run started with: set by the API's start, or carried by continue-as-new.
    const existing = workflowInfo().typedSearchAttributes;
    for (const key of [ChatStatusKey, ChannelTypeKey, PriorityKey, AttendantIdKey, DepartmentKey]) {
      this.current.set(key.name, existing.get(key) ?? null);
    }
  }

  sync(values: ChatSearchValues): void {
    const wanted: Array<[typeof ChatStatusKey, string | null]> = [
      [ChatStatusKey, values.status],
      [ChannelTypeKey, values.channelType],
      [PriorityKey, values.priority],
      [AttendantIdKey, values.attendantId],
      [DepartmentKey, values.department],
    ];
    const changed = wanted.filter(([key, value]) => this.current.get(key.name) !== value);
    if (changed.length === 0) return;
    for (const [key, value] of changed) this.current.set(key.name, value);
    upsertSearchAttributes(changed.map(([key, value]) => ({ key, value }) as SearchAttributePair));
  }
}
