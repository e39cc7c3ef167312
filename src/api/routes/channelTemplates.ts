import Router from '@koa/router';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import type { AuthState } from '../auth';
import { conflict, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { loadChannel } from '../../channels/store';
import { presenceOf } from '../presence';

export const ListTemplatesQuery = z
  .object({
    /** `true`: read the list from Meta now instead of the few minutes' copy. */
    refresh: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  })
  .strict();

/**
 * `GET /api/v1/channels/:id/templates`: a WhatsApp channel's approved message
 * templates, from the Graph API, kept a few minutes per channel
 * (src/channels/whatsapp/templates.ts). For anyone who may send on the
 * channel: supervisors and admins; an attendant when the channel has no
 * department, they have none or it is theirs, or they hold an open chat on it.
 */
export function channelTemplateRoutes(deps: ApiDeps): Router<AuthState> {
  const { db, channels } = deps;
  const presence = presenceOf(deps);
  const router = new Router<AuthState>({ prefix: '/api/v1/channels' });

  router.get('/:id/templates', async (ctx) => {
    const { refresh } = parse(ListTemplatesQuery, ctx.query, 'query');
    const caller = ctx.state.attendant;
    const channel = await loadChannel(db, ctx.params.id!, channels.secrets);
    if (!channel?.active) throw notFound('channel');
    if (caller.role === 'attendant') {
      const department = typeof channel.settings.department === 'string' ? channel.settings.department : null;
      const theirs = !department || !caller.department || department === caller.department;
      const mayUse =
        theirs ||
        (await db.chat.count({
          where: { channelId: channel.id, attendantId: caller.id, closedAt: null },
        })) > 0;
      // A channel they may not use is not theirs to know of.
      if (!mayUse) throw notFound('channel');
    }
    if (channel.type !== 'whatsapp')
      throw conflict('templates_unsupported', 'message templates are a WhatsApp feature');
    const items = await presence.templates.list(channel, { refresh: refresh === 'true' });
    ctx.set('cache-control', 'private, no-store');
    ctx.body = { items };
  });

  return router;
}
