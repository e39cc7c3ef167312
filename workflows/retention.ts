import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { RetentionCounts, RetentionRunInput } from './retentionTypes';

type Activities = ReturnType<typeof createActivities>;

/** The daily schedule's id, and the id of a run an admin asks for (one at a time). */
export const RETENTION_SCHEDULE_ID = 'atende-retention';
export const RETENTION_MANUAL_WORKFLOW_ID = 'retention-manual';

/** Reading the settings and writing the audit entry: short database work. */
const records = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The removals: batches in a loop, a heartbeat after each, so a worker that
 * dies is noticed within a minute and the next attempt goes on from what is
 * left (each batch is idempotent: what went is no longer found).
 */
const removals = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});

/**
 * One retention run (docs/design.md, "Retention"): as of the workflow's
 * clock, closed chats older than closedChatsDays lose their content, files
 * older than mediaDays go, audit entries older than auditDays go; the counts
 * are recorded in the audit log and returned. Started daily by the schedule
 * `atende-retention`, or by an admin.
 */
export async function retentionWorkflow(input: RetentionRunInput = { trigger: 'schedule' }): Promise<RetentionCounts> {
  const plan = await records.retentionPlanAt({ now: new Date().toISOString() });
  const chats = await removals.expireClosedChats(plan);
  const media = await removals.expireOldMedia(plan);
  const audit = await removals.expireOldAuditEntries(plan);
  const counts: RetentionCounts = {
    chats: chats.chats,
    messages: chats.messages,
    notes: chats.notes,
    events: chats.events,
    mediaMessages: media.mediaMessages,
    files: chats.files + media.files,
    auditEntries: audit.auditEntries,
  };
  await records.recordRetentionRun({ input, counts });
  return counts;
}
