/** Business id of a chat's workflow: one open chat per contact and channel. */
export function chatWorkflowId(channelId: string, externalChatId: string): string {
  return `chat-${channelId}-${externalChatId}`;
}
