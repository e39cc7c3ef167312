/**
 * The workflow id chats had before ids were opaque: the conversation's own id
 * in clear (a WhatsApp phone number, a Telegram user id). New chats get
 * `ChatWorkflowIds.of` (src/chats/workflowIds.ts); the gateway still finds a
 * chat opened under this form (by its row, or while it has none yet).
 * Workflow code never computes a chat's id: it reads `workflowInfo()`.
 */
export function legacyChatWorkflowId(channelId: string, externalChatId: string): string {
  return `chat-${channelId}-${externalChatId}`;
}
