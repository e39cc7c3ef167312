/** Bot API updates shaped as Telegram sends them (https://core.telegram.org/bots/api#update). */
let nextUpdateId = 5000;
let nextMessageId = 1;

export const customer = (id: number, first_name = 'Ana', last_name = 'Souza') => ({
  id,
  is_bot: false,
  first_name,
  last_name,
  language_code: 'pt-br',
});

/** A message update from `userId`'s private chat with the bot; `fields` is the content (text, photo…). */
export function messageUpdate(
  userId: number,
  fields: Record<string, unknown>,
  ids: { update_id?: number; message_id?: number } = {},
) {
  return {
    update_id: ids.update_id ?? nextUpdateId++,
    message: {
      message_id: ids.message_id ?? nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'Ana', last_name: 'Souza' },
      from: customer(userId),
      ...fields,
    },
  };
}

export function editUpdate(userId: number, messageId: number, text: string) {
  const now = Math.floor(Date.now() / 1000);
  return {
    update_id: nextUpdateId++,
    edited_message: {
      message_id: messageId,
      date: now - 5,
      edit_date: now,
      chat: { id: userId, type: 'private' },
      from: customer(userId),
      text,
    },
  };
}
