import Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import { readJsonColumn } from '../../db/jsonColumn';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { HttpError, notFound } from '../../http/httpError';
import { CallbackTargets } from '../../channels/api/callbackTarget';
import { presentChannel } from '../presenters';
import { parse } from '../../http/validate';
import { CHANNEL_SETTINGS, CreateChannel, splitChannelFields } from '../../channels/settings';
import type { ChannelType } from '../../../workflows/types';
import type { ChannelRecord } from '../../channels/types';
import { TelegramClients } from '../../channels/telegram/botApi';
import { registerTelegramChannel } from '../../channels/telegram/registration';
import { audited, auditBy, fieldNames } from '../../audit/audited';

/** A new channel's id, shaped as Prisma's cuid() ones ("c" and 24 base-36 characters), chosen before the row is written. */
function newChannelId(): string {
  return 'c' + [...randomBytes(24)].map((b) => (b % 36).toString(36)).join('');
}

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
  /**
   * Tells the provider about the channel as it is about to be stored (Telegram's webhook), before
   * anything is written: a refusal leaves the channel, and the audit log, as they were.
   */
  const register = async (channel: ChannelRecord) => {
    if (channel.type === 'telegram' && channel.active) await registerTelegramChannel(telegram, channels.env, channel);
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
    const id = newChannelId();
    await register({ id, type: body.type, active: true, settings, credentials });
    const row = await audited(
      db,
      auditBy(ctx),
      (tx) =>
        tx.channel.create({
          data: {
            id,
            type: body.type,
            name: body.name,
            settings: JSON.stringify(settings),
            credentials: JSON.stringify(channels.secrets.seal(credentials)),
          },
        }),
      () => ({ action: 'channel.created', target: { type: 'channel', id }, details: { type: body.type } }),
    );
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
    const merged = { ...parseJson(row.settings), ...settings };
    await register({
      id: row.id,
      type,
      active: typeof body.active === 'boolean' ? body.active : row.active,
      settings: merged,
      credentials: { ...channels.secrets.open(parseJson(row.credentials)), ...credentials },
    });
    const target = { type: 'channel', id: row.id };
    const secrets = Object.keys(credentials).sort();
    const fields = fieldNames(body, secrets);
    const updated = await audited(
      db,
      auditBy(ctx),
      (tx) =>
        tx.channel.update({
          where: { id: row.id },
          data: {
            ...(typeof body.name === 'string' ? { name: body.name } : {}),
            ...(typeof body.active === 'boolean' ? { active: body.active } : {}),
            settings: JSON.stringify(merged),
            credentials: JSON.stringify({ ...parseJson(row.credentials), ...channels.secrets.seal(credentials) }),
          },
        }),
      // A new secret is named, never shown: its field's name, and "rotated".
      () => [
        ...(fields.length > 0 ? [{ action: 'channel.updated' as const, target, details: { fields } }] : []),
        ...(secrets.length > 0
          ? [{ action: 'channel.secret_rotated' as const, target, details: { secret: 'rotated', fields: secrets } }]
          : []),
      ],
    );
    ctx.body = presentChannel(updated);
  });

  // Deactivates: open chats keep their record, webhooks answer 404, sends fail as refused.
  router.delete('/:id', async (ctx) => {
    await audited(
      db,
      auditBy(ctx),
      (tx) => tx.channel.update({ where: { id: ctx.params.id! }, data: { active: false } }),
      (row) => ({ action: 'channel.deleted', target: { type: 'channel', id: row.id } }),
    );
    ctx.status = 204;
  });

  return router;
}
