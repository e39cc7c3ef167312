import { defaultChannelSenders } from '../channels/senders';
import { readReceiptsFor, type PresenceChat, type PresenceDeps } from '../channels/readReceipts';
import { TypingSignals } from '../channels/typing';
import { WhatsAppGraph } from '../channels/whatsapp/graphApi';
import { TemplateCatalog } from '../channels/whatsapp/templates';
import type { ApiDeps } from './deps';

/** The API process's channel calls outside the chats' workflows: typing, read receipts, the template lists. */
export interface ApiPresence {
  deps: PresenceDeps;
  typing: TypingSignals;
  templates: TemplateCatalog;
  /** The chat's attendant opened it: the customer's last message shows read (best-effort, once). */
  openedByAttendant(chat: PresenceChat): Promise<boolean>;
}

const byDeps = new WeakMap<ApiDeps, ApiPresence>();

/** One per API process (per ApiDeps): the typing throttle, the read receipts already sent and the template cache are shared by every route. */
export function presenceOf(deps: ApiDeps): ApiPresence {
  let presence = byDeps.get(deps);
  if (!presence) {
    const presenceDeps: PresenceDeps = {
      db: deps.db,
      secrets: deps.channels.secrets,
      // The senders' extra calls only (showTyping, markRead); messages are sent by the worker.
      senders: defaultChannelSenders(deps.channels.env, deps.channels.media),
      logger: deps.logger,
    };
    presence = {
      deps: presenceDeps,
      typing: new TypingSignals(presenceDeps),
      templates: new TemplateCatalog(new WhatsAppGraph(deps.channels.env.whatsappApiUrl)),
      openedByAttendant: (chat) => readReceiptsFor(presenceDeps).markLastRead(chat),
    };
    byDeps.set(deps, presence);
  }
  return presence;
}
