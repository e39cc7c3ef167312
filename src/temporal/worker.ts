import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { signalAssignments } from '../assignment/notifier';
import { createActivities, type ActivityDeps } from '../../activities';

export const WORKFLOWS_PATH = require.resolve('../../workflows');

/** A worker for the chat workflows and their activities. */
export async function createChatWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The activities' dependencies; the queue's notifier is built here, on the worker's connection. */
  deps: Omit<ActivityDeps, 'notifyAssigned'>;
  bundle?: WorkerOptions['workflowBundle'];
  /** Chats kept in memory between their messages (see WORKER_MAX_CACHED_CHATS). */
  maxCachedChats?: number;
  /** The payload codec (encryption) of the deployment; its clients must use the same. */
  dataConverter?: DataConverter;
  /** How long running activities may finish after shutdown() before they are cancelled. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
}): Promise<Worker> {
  const dataConverter = opts.dataConverter ? { dataConverter: opts.dataConverter } : {};
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.bundle ? { workflowBundle: opts.bundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({
      ...opts.deps,
      notifyAssigned: signalAssignments(
        new Client({ connection: opts.connection, namespace: opts.namespace, ...dataConverter }),
      ),
    }),
    // A cached chat answers its next message without replaying its history,
    // but holds memory while it waits: the cache is bounded, and a chat
    // evicted from it replays its (short, continued-as-new) history on its
    // next message. The SDK's default derives the size from the heap limit.
    ...(opts.maxCachedChats !== undefined ? { maxCachedWorkflows: opts.maxCachedChats } : {}),
    ...(opts.shutdownGraceTime !== undefined ? { shutdownGraceTime: opts.shutdownGraceTime } : {}),
    ...dataConverter,
  });
}
