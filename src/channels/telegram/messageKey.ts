/** Telegram numbers messages per chat: the chat id makes the key unique in the channel (both ways). */
export const telegramMessageKey = (chatId: number | string, messageId: number) => `${chatId}:${messageId}`;
