// Entry point of the workflow bundle: every workflow type a worker runs.
export { chatWorkflowV2 } from './chat';
// Chats started before V2 run on, to their end, on the code they started with.
export { chatWorkflow } from './legacy/chatWorkflowV1';
// Retention runs (the daily schedule's, and those an admin asks for).
export { retentionWorkflow } from './retention';
// Event webhooks: one long-running workflow per subscription (webhook:<id>).
export { webhookWorkflow } from './webhook';
