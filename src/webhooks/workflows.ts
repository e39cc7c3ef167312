import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { webhookChangedSignal, webhookWorkflow } from '../../workflows/webhook';
import { webhookWorkflowId } from './subscriptions';

/** Every 5 minutes a worker makes sure each active subscription has its workflow (a lost start, an operator's terminate). */
const SUPERVISE_EVERY_MS = 5 * 60_000;

/**
 * The subscriptions' workflows as the API and workers drive them. Starting
 * is idempotent (the id is `webhook:<id>`; a running one is kept), so the
 * API starts one on create and on reactivation, and every worker again at
 * its start and every few minutes.
 */
export class WebhookWorkflows {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(webhookId: string): Promise<void> {
    await this.client.workflow.start(webhookWorkflow, {
      workflowId: webhookWorkflowId(webhookId),
      taskQueue: this.taskQueue,
      args: [{ webhookId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }

  /** Tells the run to look at its pending deliveries again (a redelivery), starting it if none runs. */
  async wake(webhookId: string): Promise<void> {
    await this.client.workflow.signalWithStart(webhookWorkflow, {
      workflowId: webhookWorkflowId(webhookId),
      taskQueue: this.taskQueue,
      args: [{ webhookId }],
      signal: webhookChangedSignal,
    });
  }

  /** Deleted or deactivated: the run is cancelled (it would also end by itself at its next read). */
  async cancel(webhookId: string): Promise<void> {
    await this.ignoreMissing(() => this.client.workflow.getHandle(webhookWorkflowId(webhookId)).cancel());
  }

  /** Starts the workflow of every active subscription that has none running. */
  async ensureAll(db: Db): Promise<number> {
    const active = await db.webhook.findMany({ where: { active: true }, select: { id: true } });
    for (const { id } of active) await this.start(id);
    return active.length;
  }

  /** `ensureAll` now and every few minutes, until stopped; failures are logged and tried again next time. */
  supervise(db: Db, log: Logger, everyMs = SUPERVISE_EVERY_MS): () => void {
    const run = () =>
      this.ensureAll(db).catch((err: unknown) =>
        log.warn({ err: (err as Error).message }, 'could not start the webhook workflows'),
      );
    void run();
    const timer = setInterval(() => void run(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async ignoreMissing(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
}
