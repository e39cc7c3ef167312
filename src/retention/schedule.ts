import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { RETENTION_SCHEDULE_ID, retentionWorkflow } from '../../workflows/retention';
import type { RetentionRunInput } from '../../workflows/retentionTypes';

export interface RetentionScheduleOptions {
  /** RETENTION_SCHEDULE: a cron expression ("0 3 * * *") or "@every 24h". */
  cron: string;
  /** The company's time zone (BOT_TIMEZONE): the cron's hours are its hours. */
  timeZone: string;
  taskQueue: string;
}

/** Written in the schedule's note: what it was made from, so a change of RETENTION_SCHEDULE is seen at the next start. */
function noteOf(opts: RetentionScheduleOptions): string {
  return `Atende retention: "${opts.cron}" in ${opts.timeZone}, task queue ${opts.taskQueue}`;
}

/**
 * The daily retention schedule, made at start by every process that may be
 * the first (npm start, each worker): created when missing (another process
 * creating it first is fine), updated when RETENTION_SCHEDULE, the time zone
 * or the task queue changed, else left alone (an admin's pause in the Web UI
 * stays). Runs never overlap: a run still going when the next is due makes
 * the schedule skip that one.
 */
export async function ensureRetentionSchedule(
  client: Pick<Client, 'schedule'>,
  opts: RetentionScheduleOptions,
): Promise<'created' | 'updated' | 'unchanged'> {
  const spec = { cronExpressions: [opts.cron], timezone: opts.timeZone };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: retentionWorkflow,
    args: [{ trigger: 'schedule' } satisfies RetentionRunInput] as [RetentionRunInput],
    taskQueue: opts.taskQueue,
    workflowId: 'retention-daily',
  };
  const note = noteOf(opts);
  try {
    await client.schedule.create({
      scheduleId: RETENTION_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(RETENTION_SCHEDULE_ID);
  const described = await handle.describe();
  if (described.state.note === note) return 'unchanged';
  await handle.update((previous) => ({
    ...previous,
    spec,
    action,
    state: { ...previous.state, note },
  }));
  return 'updated';
}
