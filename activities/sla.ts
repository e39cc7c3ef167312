import { loadBusinessHours } from '../src/calendar/businessHoursSchema';
import { nationalHolidayTable } from '../src/calendar/nationalHolidays';
import { durationMs } from '../src/csat/settings';
import { loadSlaPolicies, matchPolicy } from '../src/sla/policies';
import { SLA_TARGETS, type Priority, type SlaPlan, type SlaTarget } from '../workflows/types';
import type { ActivityDeps } from './deps';

export interface SlaPlanInput {
  chatId: string;
  channelId: string;
  department: string | null;
  priority: Priority;
  /** The workflow's time of the step: the national holidays are read around it. */
  at: string;
}

/**
 * The SLA policy of a chat (src/sla/policies.ts), read once, when the chat is
 * first handed to people (it then has its department and priority): the
 * first policy that fits, with its targets in ms and, when it counts business
 * hours only, the calendar the workflow counts on. Null when none fits.
 */
export function createSlaActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    async slaPlan(input: SlaPlanInput): Promise<SlaPlan | null> {
      const [policies, tags] = await Promise.all([
        loadSlaPolicies(db),
        db.chatTag.findMany({ where: { chatId: input.chatId, tag: { archivedAt: null } }, select: { tag: true } }),
      ]);
      const policy = matchPolicy(policies, {
        priority: input.priority,
        department: input.department,
        channelId: input.channelId,
        tags: tags.map((t) => t.tag.name),
      });
      if (!policy) return null;
      const targets: Partial<Record<SlaTarget, number>> = {};
      for (const t of SLA_TARGETS) {
        const d = policy.targets[t];
        if (d !== undefined) targets[t] = durationMs(d);
      }
      return {
        policy: policy.name,
        targets,
        warnAt: policy.warnAt,
        onBreach: {
          requeue: policy.onBreach?.requeue ?? false,
          raisePriority: policy.onBreach?.raisePriority ?? false,
        },
        calendar: policy.businessHours
          ? { hours: await loadBusinessHours(db), national: nationalHolidayTable(new Date(input.at)) }
          : null,
        department: input.department,
      };
    },
  };
}
