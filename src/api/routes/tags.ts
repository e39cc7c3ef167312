import Router from '@koa/router';
import type { ApiDeps } from '../deps';
import { requireRole, type AuthState } from '../auth';
import { conflict, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { can, REFUSAL_MESSAGES } from '../../../workflows/chatAccess';
import { CHAT_FACT_COLUMNS, factsOfRow, readableChats } from '../../chats/readScope';
import {
  CHAT_TAGS_INCLUDE,
  ChatTagsBody,
  CreateTag,
  ListTagsQuery,
  nameKey,
  presentTag,
  setChatTags,
  tagsNamed,
  tagsOfChat,
  UpdateTag,
} from '../../tags/tags';
import { loadResolutionSettings, ResolutionSettings, saveResolutionSettings } from '../../tags/resolution';
import type { Db } from '../../db/client';
import { audited, auditBy, fieldNames } from '../../audit/audited';

const staff = requireRole('admin', 'supervisor');

/**
 * The tag catalogue (everyone lists; admins and supervisors write), the
 * tags on a chat (its holder, supervisors and admins) and the resolution
 * setting (supervisors read, admins write). Database only: no chat
 * workflow is involved (docs/design.md, "Tags and contact reasons").
 */
export function tagRoutes({ db }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1' });

  router.get('/tags', async (ctx) => {
    const q = parse(ListTagsQuery, ctx.query, 'query');
    const rows = await db.tag.findMany({
      where: { ...(q.kind ? { kind: q.kind } : {}), ...(q.archived === 'true' ? {} : { archivedAt: null }) },
      orderBy: { nameKey: 'asc' },
    });
    ctx.body = { items: rows.map(presentTag) };
  });

  // A name an archived tag had brings that tag back (with its history), as given.
  router.post('/tags', staff, async (ctx) => {
    const body = parse(CreateTag, ctx.request.body);
    const key = nameKey(body.name);
    const existing = await db.tag.findUnique({ where: { nameKey: key } });
    if (existing && existing.archivedAt === null) throw nameTaken(body.name);
    const data = { name: body.name, color: body.color, kind: body.kind, archivedAt: null };
    const row = await audited(
      db,
      auditBy(ctx),
      (tx) =>
        existing
          ? tx.tag.update({ where: { id: existing.id }, data })
          : tx.tag.create({ data: { ...data, nameKey: key } }),
      (tag) => ({
        action: 'tag.created',
        target: { type: 'tag', id: tag.id },
        ...(existing ? { details: { restored: true } } : {}),
      }),
    );
    ctx.status = 201;
    ctx.body = presentTag(row);
  });

  router.patch('/tags/:id', staff, async (ctx) => {
    const body = parse(UpdateTag, ctx.request.body);
    const tag = await liveTag(db, ctx.params.id!);
    if (body.name !== undefined && nameKey(body.name) !== tag.nameKey) {
      if (await db.tag.findUnique({ where: { nameKey: nameKey(body.name) }, select: { id: true } })) {
        throw nameTaken(body.name);
      }
    }
    const row = await audited(
      db,
      auditBy(ctx),
      (tx) =>
        tx.tag.update({
          where: { id: tag.id },
          data: { ...body, ...(body.name !== undefined ? { nameKey: nameKey(body.name) } : {}) },
        }),
      () => ({ action: 'tag.updated', target: { type: 'tag', id: tag.id }, details: { fields: fieldNames(body) } }),
    );
    ctx.body = presentTag(row);
  });

  // Archives: gone from the catalogue and from every chat's `tags`, kept in the metrics of the periods it was used in.
  router.delete('/tags/:id', staff, async (ctx) => {
    const tag = await liveTag(db, ctx.params.id!);
    await audited(
      db,
      auditBy(ctx),
      (tx) => tx.tag.update({ where: { id: tag.id }, data: { archivedAt: new Date() } }),
      () => ({ action: 'tag.deleted', target: { type: 'tag', id: tag.id } }),
    );
    ctx.status = 204;
  });

  router.put('/chats/:chatId/tags', async (ctx) => {
    const body = parse(ChatTagsBody, ctx.request.body);
    const caller = ctx.state.attendant;
    const chat = await db.chat.findFirst({
      where: { id: ctx.params.chatId!, AND: [readableChats(caller)] },
      select: { id: true, ...CHAT_FACT_COLUMNS },
    });
    if (!chat) throw notFound('chat');
    // Who may resolve a chat may tabulate it: its holder, supervisors and admins (closed chats too).
    if (!can(caller, 'resolve', factsOfRow(chat))) throw conflict('not_assignee', REFUSAL_MESSAGES.NotAssignee);
    const tags = await tagsNamed(db, body.tags, 'body.tags');
    await setChatTags(db, chat.id, tags, `attendant:${caller.id}`);
    const row = await db.chat.findUniqueOrThrow({ where: { id: chat.id }, include: CHAT_TAGS_INCLUDE });
    ctx.body = { id: chat.id, ...tagsOfChat(row.chatTags) };
  });

  router.get('/settings/resolution', staff, async (ctx) => {
    ctx.body = await loadResolutionSettings(db);
  });
  router.put('/settings/resolution', requireRole('admin'), async (ctx) => {
    const settings = parse(ResolutionSettings, ctx.request.body);
    await audited(
      db,
      auditBy(ctx),
      (tx) => saveResolutionSettings(tx, settings),
      () => ({ action: 'settings.updated', target: { type: 'setting', id: 'resolution' } }),
    );
    ctx.body = settings;
  });

  return router;
}

const nameTaken = (name: string) =>
  conflict('already_exists', `a tag named "${name}" already exists (names ignore case)`);

async function liveTag(db: Db, id: string) {
  const tag = await db.tag.findUnique({ where: { id } });
  if (!tag || tag.archivedAt !== null) throw notFound('tag');
  return tag;
}
