import Router from '@koa/router';
import { readJsonColumn } from '../../db/jsonColumn';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { HttpError, notFound } from '../../http/httpError';
import { CallbackTargets } from '../../channels/api/callbackTarget';
import { presentChannel } from '../presenters';
import { parse } from '../../http/validate';
import { CHANNEL_SETTINGS, CreateChannel, splitChannelFields } from '../../channels/settings';
import type { ChannelType } from '../../../workflows/types';
import { loadChannel } from '../../channels/store';
import { TelegramClients } from '../../channels/telegram/botApi';
import { registerTelegramChannel } from '../../channels/telegram/registration';

/** One reader for JSON columns: a bad row reads as empty instead of failing the request. */
function parseJson(text: string): Record<string, unknown> {
  return readJsonColumn<Record<string, unknown>>(text, {});
}

/** Channels CRUD (admin). Secrets are write-only. */
export function channelRoutes({ db, channels }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/channels' });
  const telegram = new TelegramClients(channels.env.telegramApiRoot);
  const callbackTargets = new CallbackTargets(channels.env.allowPrivateCallbacks);
  /** 400 naming callbackUrl when it points where deliveries may not go (see CallbackTargets). */
  const checkCallbackUrl = async (body: Record<string, unknown>) => {
    if (typeof body.callbackUrl !== 'string') return;
    const problem = await callbackTargets.problem(body.callbackUrl);
    if (problem) {
      throw new HttpError(400, 'invalid_request', `body.callbackUrl: ${problem}`, [
        { path: 'body.callbackUrl', message: problem },
      ]);
    }
  };
  /** Tells the provider about the channel as now stored (Telegram's webhook); a refusal undoes nothing itself. */
  const register = async (id: string) => {
    const channel = await loadChannel(db, id, channels.secrets);
    if (channel?.type === 'telegram' && channel.active) await registerTelegramChannel(telegram, channels.env, channel);
  };
  router.use(requireRole('admin'));

  router.get('/', async (ctx) => {
    const rows = await db.channel.findMany({ orderBy: { createdAt: 'asc' } });
    ctx.body = { items: rows.map(presentChannel) };
  });

  router.post('/', async (ctx) => {
    const body = parse(CreateChannel, ctx.request.body);
    await checkCallbackUrl(body);
    const { settings, credentials } = splitChannelFields(body.type, body);
    const row = await db.channel.create({
      data: {
        type: body.type,
        name: body.name,
        settings: JSON.stringify(settings),
        credentials: JSON.stringify(channels.secrets.seal(credentials)),
      },
    });
    try {
      await register(row.id);
    } catch (err) {
      // The provider refused it: the channel is not kept.
      await db.channel.delete({ where: { id: row.id } });
      throw err;
    }
    ctx.status = 201;
    ctx.body = presentChannel(row);
  });

  router.get('/:id', async (ctx) => {
    const row = await db.channel.findUnique({ where: { id: ctx.params.id! } });
    if (!row) throw notFound('channel');
    ctx.body = presentChannel(row);
  });

  router.patch('/:id', async (ctx) => {
    const row = await db.channel.findUnique({ where: { id: ctx.params.id! } });
    if (!row) throw notFound('channel');
    const type = row.type as ChannelType;
    const body = parse(CHANNEL_SETTINGS[type].update, ctx.request.body) as Record<string, unknown>;
    await checkCallbackUrl(body);
    const { settings, credentials } = splitChannelFields(type, body);
    const updated = await db.channel.update({
      where: { id: row.id },
      data: {
        ...(typeof body.name === 'string' ? { name: body.name } : {}),
        ...(typeof body.active === 'boolean' ? { active: body.active } : {}),
        settings: JSON.stringify({ ...parseJson(row.settings), ...settings }),
        credentials: JSON.stringify({ ...parseJson(row.credentials), ...channels.secrets.seal(credentials) }),
      },
    });
    try {
      await register(row.id);
    } catch (err) {
      // The provider refused the change: the channel stays as it was.
      const { id: _, createdAt: _c, updatedAt: _u, ...previous } = row;
      await db.channel.update({ where: { id: row.id }, data: previous });
      throw err;
    }
    ctx.body = presentChannel(updated);
  });

  // Deactivates: open chats keep their record, webhooks answer 404, sends fail as refused.
  router.delete('/:id', async (ctx) => {
    await db.channel.update({ where: { id: ctx.params.id! }, data: { active: false } });
    ctx.status = 204;
  });

  return router;
}
