import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { readJsonColumn } from '../db/jsonColumn';
import { textCell } from '../metrics/chatReport';
import type { AuditFilters } from '../api/routes/auditSchema';

type EntryRow = Awaited<ReturnType<Db['auditEntry']['findMany']>>[number];

/** Entries per query of the CSV: it never holds more than this many in memory. */
export const AUDIT_CSV_PAGE_SIZE = 500;

/** The CSV's header row, pt-BR first as the chats report's. */
export const AUDIT_CSV_COLUMNS = [
  'quando',
  'ator_tipo',
  'ator_id',
  'ator_nome',
  'acao',
  'alvo_tipo',
  'alvo_id',
  'detalhes',
  'ip',
] as const;

/** The filters as a where clause; `beforeId`: the keyset of the next page (newest first by id). */
export function auditWhere(filters: AuditFilters, beforeId?: number): Prisma.AuditEntryWhereInput {
  const actor =
    filters.actor === 'system' || filters.actor === 'anonymous'
      ? { actorType: filters.actor }
      : filters.actor !== undefined
        ? { actorId: filters.actor }
        : {};
  return {
    ...actor,
    ...(filters.action !== undefined ? { action: filters.action } : {}),
    ...(filters.from !== undefined || filters.to !== undefined
      ? {
          at: {
            ...(filters.from !== undefined ? { gte: new Date(filters.from) } : {}),
            ...(filters.to !== undefined ? { lt: new Date(filters.to) } : {}),
          },
        }
      : {}),
    ...(beforeId !== undefined ? { id: { lt: beforeId } } : {}),
  };
}

/** The attendants' names of these entries, in one query (an entry outlives nobody: deactivated people keep theirs). */
async function actorNames(db: Db, rows: EntryRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.filter((r) => r.actorType === 'attendant' && r.actorId).map((r) => r.actorId!))];
  if (ids.length === 0) return new Map();
  const found = await db.attendant.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(found.map((a) => [a.id, a.name]));
}

/** One entry as the API shows it: the actor with their name when they are an attendant. */
function present(row: EntryRow, names: Map<string, string>) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: {
      type: row.actorType,
      id: row.actorId,
      name: row.actorType === 'attendant' && row.actorId ? (names.get(row.actorId) ?? null) : null,
    },
    action: row.action,
    target: row.targetType !== null && row.targetId !== null ? { type: row.targetType, id: row.targetId } : null,
    details: readJsonColumn<Record<string, unknown>>(row.details, {}),
    ip: row.ip,
  };
}
export type AuditEntryView = ReturnType<typeof present>;

/** A page of entries, newest first, with their actors' names. */
export async function auditPage(
  db: Db,
  filters: AuditFilters,
  limit: number,
  beforeId?: number,
): Promise<{ items: AuditEntryView[]; more: boolean }> {
  const rows = await db.auditEntry.findMany({
    where: auditWhere(filters, beforeId),
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  const names = await actorNames(db, items);
  return { items: items.map((r) => present(r, names)), more: rows.length > limit };
}

async function* csvRows(db: Db, filters: AuditFilters): AsyncGenerator<Array<string | number | null>> {
  yield [...AUDIT_CSV_COLUMNS];
  let beforeId: number | undefined;
  for (;;) {
    const { items, more } = await auditPage(db, filters, AUDIT_CSV_PAGE_SIZE, beforeId);
    for (const e of items) {
      yield [
        e.at,
        e.actor.type,
        e.actor.id,
        textCell(e.actor.name),
        e.action,
        e.target?.type ?? null,
        e.target?.id ?? null,
        textCell(JSON.stringify(e.details)),
        e.ip,
      ];
    }
    if (!more) return;
    beforeId = items.at(-1)!.id;
  }
}

/**
 * The entries matching `filters`, newest first, as a stream of CSV text
 * (UTF-8 with a byte order mark, CRLF, RFC 4180), read a page at a time as
 * the client takes them, as the chats report (src/metrics/chatReport.ts).
 */
export function auditCsv(db: Db, filters: AuditFilters, logger: Logger): Readable {
  const csv = stringify({ bom: true, record_delimiter: 'windows', cast: { number: (n) => String(n) } });
  return pipeline(Readable.from(csvRows(db, filters)), csv, (err) => {
    if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      logger.error({ err }, 'audit CSV failed');
    }
  });
}
