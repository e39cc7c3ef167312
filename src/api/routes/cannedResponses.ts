import Router from '@koa/router';
import type { AuthState } from '../auth';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../../http/httpError';
import { parse } from '../../http/validate';
import { KeptAttachment } from '../../media/keepAttachment';
import {
  assertMayWrite,
  matchesQuery,
  presentCannedResponse,
  scopeKey,
  shortcutTaken,
  usableBy,
} from '../../cannedResponses/cannedResponses';
import type { AttachmentBody } from '../../media/attachmentBody';
import {
  CreateCannedResponse,
  ListCannedResponsesQuery,
  UpdateCannedResponse,
  type CannedScope,
} from './cannedResponseSchema';
import { audited, auditBy, fieldNames } from '../../audit/audited';

/** At most this many are listed: what one person may use is a short list. */
const LIST_LIMIT = 1000;

/**
 * Canned responses ("respostas prontas"). Everyone lists what they may use
 * and writes their own personal ones; supervisors and admins write the
 * department and all scopes (src/cannedResponses/cannedResponses.ts). The
 * reply route sends them (`cannedResponseId`, src/api/routes/chats.ts).
 */
export function cannedResponseRoutes({ db, channels }: ApiDeps): Router<AuthState> {
  const router = new Router<AuthState>({ prefix: '/api/v1/canned-responses' });

  /** Writes `write` with the file kept first; a refused write takes back a file it alone wrote. */
  async function withFile<T>(body: AttachmentBody | undefined, write: (file: string | null) => Promise<T>) {
    const kept = body ? await KeptAttachment.keep(channels.media, body) : undefined;
    try {
      return await write(kept ? JSON.stringify(kept.file) : null);
    } catch (err) {
      await kept?.refused(db);
      throw err;
    } finally {
      kept?.release();
    }
  }

  router.get('/', async (ctx) => {
    const q = parse(ListCannedResponsesQuery, ctx.query, 'query');
    const caller = ctx.state.attendant;
    const rows = await db.cannedResponse.findMany({
      where: { AND: [usableBy(caller)], ...(q.scope ? { scope: q.scope } : {}) },
      orderBy: [{ shortcut: 'asc' }, { scope: 'asc' }, { id: 'asc' }],
      take: LIST_LIMIT,
    });
    const found = q.q ? rows.filter((r) => matchesQuery(r, q.q!)) : rows;
    ctx.body = { items: found.map((r) => presentCannedResponse(r, caller)) };
  });

  router.get('/:id', async (ctx) => {
    const caller = ctx.state.attendant;
    const row = await db.cannedResponse.findFirst({ where: { id: ctx.params.id!, AND: [usableBy(caller)] } });
    if (!row) throw notFound('canned response');
    ctx.body = presentCannedResponse(row, caller);
  });

  router.post('/', async (ctx) => {
    const body = parse(CreateCannedResponse, ctx.request.body);
    const caller = ctx.state.attendant;
    const department = body.scope === 'department' ? body.department! : null;
    assertMayWrite(caller, { scope: body.scope, department });
    const ownerId = body.scope === 'personal' ? caller.id : null;
    const row = await withFile(body.attachment, (attachment) =>
      audited(
        db,
        auditBy(ctx),
        (tx) =>
          tx.cannedResponse
            .create({
              data: {
                shortcut: body.shortcut,
                title: body.title,
                content: body.content,
                scope: body.scope,
                scopeKey: scopeKey(body.scope, ownerId, department),
                ownerId,
                department,
                attachment,
                createdBy: caller.id,
              },
            })
            .catch((err: unknown) => Promise.reject(shortcutTaken(err, body.shortcut))),
        (created) => ({
          action: 'canned_response.created',
          target: { type: 'canned_response', id: created.id },
          details: { scope: body.scope },
        }),
      ),
    );
    ctx.status = 201;
    ctx.body = presentCannedResponse(row, caller);
  });

  router.patch('/:id', async (ctx) => {
    const body = parse(UpdateCannedResponse, ctx.request.body);
    const caller = ctx.state.attendant;
    const existing = await db.cannedResponse.findFirst({ where: { id: ctx.params.id!, AND: [usableBy(caller)] } });
    if (!existing) throw notFound('canned response');
    assertMayWrite(caller, existing);

    // What it becomes, checked as a whole: scope and department together, content or a file.
    const scope = (body.scope ?? existing.scope) as CannedScope;
    const department =
      scope === 'department' ? (body.department === undefined ? existing.department : body.department) : null;
    const details = [
      scope === 'department' && !department
        ? { path: 'body.department', message: 'required for the department scope' }
        : null,
      scope !== 'department' && body.department
        ? { path: 'body.department', message: 'only for the department scope' }
        : null,
      (body.content ?? existing.content) === '' &&
      (body.attachment === null || (body.attachment === undefined && !existing.attachment))
        ? { path: 'body.content', message: 'give content, an attachment or both' }
        : null,
    ].filter((d) => d !== null);
    if (details.length > 0) {
      throw new HttpError(400, 'invalid_request', `${details[0]!.path}: ${details[0]!.message}`, details);
    }
    assertMayWrite(caller, { scope, department });

    const shortcut = body.shortcut ?? existing.shortcut;
    const ownerId = scope === 'personal' ? (existing.ownerId ?? caller.id) : null;
    const row = await withFile(body.attachment ?? undefined, (file) =>
      audited(
        db,
        auditBy(ctx),
        (tx) =>
          tx.cannedResponse
            .update({
              where: { id: existing.id },
              data: {
                shortcut,
                ...(body.title !== undefined ? { title: body.title } : {}),
                ...(body.content !== undefined ? { content: body.content } : {}),
                ...(body.attachment !== undefined ? { attachment: file } : {}),
                scope,
                scopeKey: scopeKey(scope, ownerId, department),
                ownerId,
                department,
              },
            })
            .catch((err: unknown) => Promise.reject(shortcutTaken(err, shortcut))),
        () => ({
          action: 'canned_response.updated',
          target: { type: 'canned_response', id: existing.id },
          details: { fields: fieldNames(body) },
        }),
      ),
    );
    ctx.body = presentCannedResponse(row, caller);
  });

  router.delete('/:id', async (ctx) => {
    const caller = ctx.state.attendant;
    const existing = await db.cannedResponse.findFirst({ where: { id: ctx.params.id!, AND: [usableBy(caller)] } });
    if (!existing) throw notFound('canned response');
    assertMayWrite(caller, existing);
    // Its file stays until the sweep finds that nothing names it (src/media/orphans.ts).
    await audited(
      db,
      auditBy(ctx),
      (tx) => tx.cannedResponse.deleteMany({ where: { id: existing.id } }),
      ({ count }) =>
        count > 0 ? { action: 'canned_response.deleted', target: { type: 'canned_response', id: existing.id } } : null,
    );
    ctx.status = 204;
  });

  return router;
}
