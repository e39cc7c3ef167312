import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { assignmentSignal } from '../../workflows/definitions';
import type { AssignmentNotifier } from './dispatcher';

/** Tells chats' workflows of their seats by signal; a chat that has ended meanwhile needs no telling. */
export function signalAssignments(client: Client): AssignmentNotifier {
  return async ({ workflowId, attendantId, at }) => {
    try {
      await client.workflow.getHandle(workflowId).signal(assignmentSignal, { type: 'assigned', attendantId, at });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  };
}

/** A deactivated attendant's open chats go back to the queue: each chat is told. */
export async function signalAttendantLeft(
  client: Client,
  chats: Array<{ workflowId: string }>,
  attendantId: string,
  reason: string,
): Promise<void> {
  await Promise.all(
    chats.map(async ({ workflowId }) => {
      try {
        await client.workflow
          .getHandle(workflowId)
          .signal(assignmentSignal, { type: 'attendant_left', attendantId, reason });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }),
  );
}
