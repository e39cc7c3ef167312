import { Context } from '@temporalio/activity';
import { recordAudit } from '../src/audit/auditLog';
import {
  addCounts,
  expireAuditBatch,
  expireChatsBatch,
  expireMediaBatch,
  NO_COUNTS,
  retentionPlan,
} from '../src/retention/retention';
import { loadRetentionSettings } from '../src/retention/settings';
import type { RetentionCounts, RetentionPlan, RetentionRunInput } from '../workflows/retentionTypes';
import type { ActivityDeps } from './deps';

type Batch = () => Promise<{ counts: Partial<RetentionCounts>; done: boolean }>;

/**
 * Runs batches until one says it is done, heartbeating the counts so far
 * after each: a retried attempt starts from them (what went is not found
 * again, so nothing is counted twice).
 */
async function inBatches(batch: Batch): Promise<RetentionCounts> {
  const context = Context.current();
  let counts: RetentionCounts = { ...NO_COUNTS, ...(context.info.heartbeatDetails as RetentionCounts | undefined) };
  for (;;) {
    const { counts: more, done } = await batch();
    counts = addCounts(counts, more);
    context.heartbeat(counts);
    if (done) return counts;
  }
}

/** The retention workflow's activities (workflows/retention.ts). */
export function createRetentionActivities(deps: ActivityDeps) {
  const media = deps.media ?? null;
  return {
    /** The settings in force, turned into cutoffs as of the workflow's time. */
    async retentionPlanAt({ now }: { now: string }): Promise<RetentionPlan> {
      return retentionPlan(await loadRetentionSettings(deps.db), new Date(now));
    },
    async expireClosedChats(plan: RetentionPlan): Promise<RetentionCounts> {
      return inBatches(() => expireChatsBatch(deps.db, media, plan));
    },
    async expireOldMedia(plan: RetentionPlan): Promise<RetentionCounts> {
      return inBatches(() => expireMediaBatch(deps.db, media, plan));
    },
    async expireOldAuditEntries(plan: RetentionPlan): Promise<RetentionCounts> {
      return inBatches(() => expireAuditBatch(deps.db, plan));
    },
    /** The run's receipt in the audit log: counts only. */
    async recordRetentionRun({ input, counts }: { input: RetentionRunInput; counts: RetentionCounts }): Promise<void> {
      const run = Context.current().info.workflowExecution;
      const target = { type: 'retention_run', id: `${run?.workflowId}/${run?.runId}` };
      // Written once per run, even when this activity runs again after a crash.
      const already = await deps.db.auditEntry.findFirst({
        where: { action: 'retention.run', targetType: target.type, targetId: target.id },
        select: { id: true },
      });
      if (already) return;
      await recordAudit(deps.db, {
        actor: input.requestedBy ? { type: 'attendant', id: input.requestedBy } : { type: 'system' },
        action: 'retention.run',
        target,
        details: { trigger: input.trigger, ...counts },
      });
    },
  };
}
