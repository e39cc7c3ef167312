import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { conflict, HttpError, notFound } from '../http/httpError';
import type { MediaStore } from '../media/mediaStore';
import type { MediaFile } from '../../workflows/types';
import type { CannedScope } from '../api/routes/cannedResponseSchema';
import { renderTemplate, unknownVariables } from '../text/template';
import { logger } from '../logger';
import { CANNED_VARIABLES, cannedValues } from './variables';

/** What a reply may hold, as the reply route takes `content` (src/api/routes/chatSchema.ts). */
const MAX_REPLY_CHARS = 4096;

/** Who asks: as the API's AuthState names them. */
export interface CannedCaller {
  id: string;
  role: string;
  department: string | null;
}

type Row = Prisma.CannedResponseGetPayload<object>;

/** Admins, and supervisors of no department, see and write every department's. */
const everyDepartment = (c: CannedCaller) => c.role === 'admin' || (c.role === 'supervisor' && c.department === null);

/**
 * The canned responses `caller` may use: their own personal ones, those of
 * their department (every department's for admins and supervisors of no
 * department), and those for all. Another's personal one is never visible,
 * so it answers 404 rather than 403.
 */
export function usableBy(caller: CannedCaller): Prisma.CannedResponseWhereInput {
  const department: Prisma.CannedResponseWhereInput[] = everyDepartment(caller)
    ? [{ scope: 'department' }]
    : caller.department
      ? [{ scope: 'department', department: caller.department }]
      : [];
  return { OR: [{ scope: 'personal', ownerId: caller.id }, { scope: 'all' }, ...department] };
}

/** Whether `caller` may create, change or delete a canned response of this scope (visibility aside). */
export function mayWrite(caller: CannedCaller, target: { scope: string; department: string | null }): boolean {
  if (target.scope === 'personal') return true;
  if (caller.role !== 'admin' && caller.role !== 'supervisor') return false;
  if (target.scope === 'all') return true;
  return everyDepartment(caller) || caller.department === target.department;
}

export function assertMayWrite(caller: CannedCaller, target: { scope: string; department: string | null }): void {
  if (mayWrite(caller, target)) return;
  throw new HttpError(
    403,
    'forbidden',
    target.scope === 'personal' || target.scope === 'all' || caller.role === 'attendant'
      ? `only supervisors and admins write ${target.scope} canned responses`
      : 'supervisors write only their own department’s canned responses',
  );
}

/** The unique key of a scope: the owner's id, the department, or "" for all. */
export function scopeKey(scope: CannedScope, ownerId: string | null, department: string | null): string {
  return scope === 'personal' ? ownerId! : scope === 'department' ? department! : '';
}

/** A unique-index refusal (the shortcut is taken in its scope) as a 409 `shortcut_taken`. */
export function shortcutTaken(err: unknown, shortcut: string): unknown {
  const prismaUnique =
    err instanceof Error && err.name === 'PrismaClientKnownRequestError' && (err as { code?: string }).code === 'P2002';
  return prismaUnique ? conflict('shortcut_taken', `the shortcut "${shortcut}" is taken in this scope`) : err;
}

export function presentCannedResponse(row: Row, caller: CannedCaller) {
  const file = readJsonColumn<MediaFile | null>(row.attachment, null);
  return {
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    content: row.content,
    scope: row.scope as CannedScope,
    department: row.department,
    ownerId: row.ownerId,
    attachment: file
      ? { filename: file.filename ?? null, mimeType: file.mimeType ?? null, size: file.size ?? null }
      : null,
    usageCount: row.usageCount,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    /** Whether the caller may change or delete it. */
    canEdit: mayWrite(caller, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Lower case without accents, so "promocao" finds "Promoção". */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('pt-BR');

/** Whether `q` is part of the shortcut or the title. */
export function matchesQuery(row: { shortcut: string; title: string }, q: string): boolean {
  const needle = folded(q);
  return folded(row.shortcut).includes(needle) || folded(row.title).includes(needle);
}

/**
 * Canned responses used in one reply: their text rendered for the chat, the
 * file of the first that has one, and `used()` to count them once the reply
 * is taken.
 */
export interface CannedUse {
  content: string;
  attachment: (MediaFile & { sha256: string }) | null;
  used(): Promise<void>;
  release(): void;
}

/**
 * Loads the canned responses of a reply (404 for one the attendant may not
 * use) and renders the reply's text for the chat: the attendant's edited
 * `content` when given (its variables resolved too; an unknown one is a
 * 400 naming `body.content`), else the canned responses' contents, one
 * paragraph each. A missing value renders as the variable's fallback or
 * nothing (docs/api.md). Their file is held until `release()`, so no sweep
 * takes it while the reply is on its way.
 */
export async function cannedForReply(
  db: Db,
  media: MediaStore,
  caller: CannedCaller,
  chatId: string,
  ids: string[],
  content: string | undefined,
): Promise<CannedUse> {
  const rows = await db.cannedResponse.findMany({ where: { id: { in: ids }, AND: [usableBy(caller)] } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing !== undefined) throw notFound('canned response');
  const ordered = ids.map((id) => byId.get(id)!);

  const [chat, attendant] = await Promise.all([
    db.chat.findUnique({ where: { id: chatId }, select: { protocol: true, contact: { select: { name: true } } } }),
    db.attendant.findUnique({ where: { id: caller.id }, select: { name: true } }),
  ]);
  const values = cannedValues({
    contactName: chat?.contact.name ?? null,
    protocol: chat?.protocol ?? null,
    attendantName: attendant?.name ?? null,
  });
  if (content !== undefined) {
    const [unknown] = unknownVariables(content, CANNED_VARIABLES);
    if (unknown !== undefined) {
      const message = `unknown variable {{${unknown}}}`;
      throw new HttpError(400, 'invalid_request', `body.content: ${message}`, [{ path: 'body.content', message }]);
    }
  }
  const text = content ?? ordered.map((r) => r.content).join('\n\n');
  const rendered = renderTemplate(text, values).trim();
  if (rendered.length > MAX_REPLY_CHARS) {
    const path = content !== undefined ? 'body.content' : 'body.cannedResponseIds';
    const message = `the message would be longer than ${MAX_REPLY_CHARS} characters`;
    throw new HttpError(400, 'invalid_request', `${path}: ${message}`, [{ path, message }]);
  }

  const attachment =
    ordered
      .map((r) => readJsonColumn<MediaFile | null>(r.attachment, null))
      .find((f): f is MediaFile & { sha256: string } => typeof f?.sha256 === 'string') ?? null;
  if (attachment) {
    if (!media.has(attachment.sha256)) throw conflict('attachment_missing', 'the canned response’s file is gone');
    media.hold(attachment.sha256);
  }
  let held = attachment !== null;
  return {
    content: rendered,
    attachment,
    async used() {
      // One statement for all of them: concurrent replies each add one.
      try {
        await db.cannedResponse.updateMany({
          where: { id: { in: [...new Set(ids)] } },
          data: { usageCount: { increment: 1 }, lastUsedAt: new Date() },
        });
      } catch (err) {
        // The reply is taken: answering an error would only invite a second one.
        logger.warn({ ids, err: (err as Error).message }, 'could not count a canned response’s use');
      }
    },
    release() {
      if (!held) return;
      held = false;
      media.release(attachment!.sha256);
    },
  };
}
