import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { Duration, RetryPolicy } from '@temporalio/common';

type Activities = ReturnType<typeof createActivities>;

/**
 * Activity proxies of the v2 chat, grouped by policy.
 *
 * The database work and the bot run as local activities: they run inside
 * the workflow task that received the message, so a customer message and the
 * bot's answer cost one workflow task and a few marker events, not a server
 * round trip per step. They are idempotent (ids derived from the workflow),
 * so the re-run that follows a worker crash rewrites the same rows. They are
 * retried until the database is back: a chat cannot go on without its record.
 */
const RETRY_UNTIL_BACK: RetryPolicy = {
  initialInterval: '200 milliseconds',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

/** Short database transactions. */
export const records = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: RETRY_UNTIL_BACK });

/** Storing a customer message and the bot's reading of it: as long as the classifier may take (an LLM call). */
export function intake(botTurnTimeout: Duration) {
  return proxyLocalActivities<Activities>({ startToCloseTimeout: botTurnTimeout, retry: RETRY_UNTIL_BACK });
}

/**
 * A step's writes, then the first attempt to send its messages (see
 * `applyChatChanges`): the answer leaves inside the workflow task that wrote
 * it. Its callback may take up to its own timeout (10 s), during which the
 * task is held; a failure leaves the message to `retriedDelivery`.
 */
export const stepRecords = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY_UNTIL_BACK,
});

/**
 * Deliveries whose first attempt failed: a normal activity, retried with backoff for as long as the
 * channel is down. It runs outside the workflow task, so the chat goes on
 * (messages, commands, timers) while it waits.
 */
export const retriedDelivery = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
