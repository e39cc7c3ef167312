import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { parse } from '../../http/validate';
import { HttpError } from '../../http/httpError';
import {
  AutomaticMessagePreview,
  AutomaticMessagesBody,
  loadAutomaticMessages,
  saveAutomaticMessages,
} from '../../automaticMessages/store';
import {
  AUTOMATIC_MESSAGE_EXAMPLES,
  AUTOMATIC_MESSAGE_VARIABLES,
  automaticTemplate,
  BUILT_IN_TEXTS,
  type AutomaticMessages,
} from '../../automaticMessages/texts';
import { renderTemplate } from '../../text/template';
import { loadBusinessCalendar } from '../../calendar/businessHoursSchema';
import { audited, auditBy } from '../../audit/audited';

/**
 * `GET|PUT /api/v1/automatic-messages` (read: supervisors and admins; write:
 * admins) and `POST /api/v1/automatic-messages/preview` (supervisors, admins).
 */
export function automaticMessagesRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/automatic-messages' });
  router.use(requireRole('supervisor', 'admin'));
  router.get('/', async (ctx) => {
    const set = await loadAutomaticMessages(db);
    ctx.body = { ...set, builtIn: BUILT_IN_TEXTS, variables: AUTOMATIC_MESSAGE_VARIABLES };
  });
  router.put('/', requireRole('admin'), async (ctx) => {
    const messages = parse(AutomaticMessagesBody, ctx.request.body) as AutomaticMessages;
    const ids = Object.keys(messages.channels);
    if (ids.length > 0) {
      const found = new Set(
        (await db.channel.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((c) => c.id),
      );
      const missing = ids.find((id) => !found.has(id));
      if (missing !== undefined) {
        const path = `body.channels.${missing}`;
        throw new HttpError(400, 'invalid_request', `${path}: no such channel`, [{ path, message: 'no such channel' }]);
      }
    }
    await audited(
      db,
      auditBy(ctx),
      (tx) => saveAutomaticMessages(tx, messages),
      () => ({ action: 'automatic_messages.updated', details: { channels: ids.length } }),
    );
    ctx.body = { ...messages, builtIn: BUILT_IN_TEXTS, variables: AUTOMATIC_MESSAGE_VARIABLES };
  });
  // Renders one text (the given `text`, or the one in force for the channel) with example values.
  router.post('/preview', async (ctx) => {
    const p = parse(AutomaticMessagePreview, ctx.request.body);
    const template = p.text ?? automaticTemplate(await loadAutomaticMessages(db), p.channelId, p.locale, p.key);
    const examples: Record<string, string> = { ...AUTOMATIC_MESSAGE_EXAMPLES[p.locale] };
    const now = new Date();
    const calendar = await loadBusinessCalendar(db, now);
    if (!calendar.isOpen(now))
      examples.nextOpening = calendar.nextOpeningPhrase(now, p.locale) || examples.nextOpening!;
    const values = { ...examples, ...p.variables };
    ctx.body = {
      key: p.key,
      locale: p.locale,
      text: template === null ? null : renderTemplate(template, values),
      variables: AUTOMATIC_MESSAGE_VARIABLES[p.key],
    };
  });
  return router;
}
