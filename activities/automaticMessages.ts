import { chatVariables, textIsSet } from '../src/automaticMessages/chatTexts';
import { loadAutomaticMessages } from '../src/automaticMessages/store';
import { automaticLocale, automaticText } from '../src/automaticMessages/texts';
import type { AskedTextKey } from '../workflows/types';
import type { ActivityDeps } from './deps';

/**
 * The automatic messages a chat's workflow sends at the time it sends them
 * (docs/api.md, "Automatic messages"): read from the settings as they are then,
 * rendered with the chat's variables. The workflow never reads the settings.
 */
export function createAutomaticMessageActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    async automaticMessage(input: {
      chatId: string;
      channelId: string;
      key: AskedTextKey;
      language: 'pt' | 'en';
      attendantId?: string | null;
    }): Promise<string | null> {
      const [settings, chat, attendant] = await Promise.all([
        loadAutomaticMessages(db),
        db.chat.findUnique({
          where: { id: input.chatId },
          select: { protocol: true, contact: { select: { name: true } } },
        }),
        input.attendantId
          ? db.attendant.findUnique({ where: { id: input.attendantId }, select: { name: true } })
          : Promise.resolve(null),
      ]);
      const vars = chatVariables({
        contactName: chat?.contact.name ?? null,
        protocol: chat?.protocol ?? null,
        attendantName: attendant?.name ?? null,
      });
      // The text at resolve is sent only when set (docs/api.md): setting nothing changes nothing.
      if (
        input.key === 'resolved' &&
        !textIsSet(settings, input.channelId, automaticLocale(input.language), 'resolved')
      ) {
        return null;
      }
      return automaticText(settings, input.channelId, input.language, input.key, vars);
    },
  };
}
