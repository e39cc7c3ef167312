import {
  condition,
  continueAsNew,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

export interface WebhookInput {
  webhookId: string;
}

/** Sent by the API when a redelivery is asked for: the delivery half looks at the pending rows again at once. */
export const webhookChangedSignal = defineSignal('webhookChanged');

/** An idle subscription's intake waits this long for a new event per activity. */
const IDLE_WAIT_MS = 60_000;
/** A blocked delivery half sleeps at most this long before it looks again. */
const MAX_SLEEP_MS = 10 * 60_000;
/** History is bounded: the run continues as new past this many events (or when the server suggests it). */
const CONTINUE_AS_NEW_AFTER = 2_000;

const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const intake = proxyActivities<Activities>({
  startToCloseTimeout: IDLE_WAIT_MS + 60_000,
  heartbeatTimeout: '30 seconds',
  retry: RETRY,
});
const delivery = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: RETRY,
});

/**
 * One event-webhook subscription (workflow id `webhook:<id>`, see
 * docs/design.md, "Event webhooks"): two halves that share nothing but a
 * flag. The intake copies new live events of its types into the
 * subscription's deliveries, long-polling the event table in its activity
 * while nothing happens; the delivery half POSTs pending deliveries in
 * order and sleeps (a timer) while the oldest waits for its retry, so a
 * receiver that is down never stops the intake. Both end when the
 * subscription is deleted or deactivated (the API also cancels the run);
 * the run continues as new to keep its history short. All state is in the
 * database: a new run needs nothing carried over.
 */
export async function webhookWorkflow(input: WebhookInput): Promise<void> {
  let stopping = false;
  let ended = false;
  let newWork = true;
  let changed = false;
  setHandler(webhookChangedSignal, () => {
    changed = true;
  });
  const historyFull = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= CONTINUE_AS_NEW_AFTER;
  };

  const takeLoop = async () => {
    while (!stopping) {
      const taken = await intake.takeWebhookEvents({ webhookId: input.webhookId, waitMs: IDLE_WAIT_MS });
      if (taken.state !== 'active') ended = stopping = true;
      else if (taken.taken > 0) newWork = true;
      if (historyFull()) stopping = true;
    }
  };

  const deliverLoop = async () => {
    while (!stopping) {
      newWork = false;
      changed = false;
      const result = await delivery.deliverWebhookEvents({ webhookId: input.webhookId });
      if (result.state === 'gone' || result.state === 'inactive') ended = stopping = true;
      else if (result.state === 'idle') await condition(() => newWork || changed || stopping);
      else if (result.state === 'waiting')
        await condition(() => changed || stopping, Math.max(1, Math.min(result.waitMs, MAX_SLEEP_MS)));
      if (historyFull()) stopping = true;
    }
  };

  await Promise.all([takeLoop(), deliverLoop()]);
  if (!ended) await continueAsNew<typeof webhookWorkflow>(input);
}
