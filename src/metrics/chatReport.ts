import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { Priority } from '../../workflows/types';
import { SLA_FIRST_HUMAN_REPLY_SECONDS } from './sla';

/** Chats read per query: the report never holds more than this many in memory. */
export const REPORT_PAGE_SIZE = 500;

/** The header row, pt-BR first (the people who open it in a spreadsheet read Portuguese). */
export const REPORT_COLUMNS = [
  'protocolo',
  'inicio',
  'situacao',
  'canal',
  'departamento',
  'atendente',
  'etiquetas',
  'motivo',
  'primeira_resposta_segundos',
  'resolucao_segundos',
  'nota',
  'sla_cumprido',
] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export const ReportQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

/** The report's window: chats started in [from, to), by default the last 30 days. */
export function reportWindow(query: ReportQuery, now = new Date()): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  return { from: query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS), to };
}

type Cell = string | number | null;

/**
 * A name as a spreadsheet cell: one that starts like a formula (`=`, `+`,
 * `-`, `@`, a tab or carriage return) gets a leading `'`, so Excel shows it
 * as text instead of running it (CSV injection). Names are the only cells
 * people type.
 */
export function textCell(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const seconds = (end: Date | null, start: Date) => (end ? Math.round((end.getTime() - start.getTime()) / 1000) : null);

/**
 * `sim` when the first attendant message came within the priority's limit
 * after the hand-off (src/metrics/sla.ts), `não` when it came later or is
 * still missing past it; empty for a chat never handed off or still within it.
 */
function slaMet(priority: string, handedAt: Date | undefined, repliedAt: Date | undefined, now: Date): string {
  if (!handedAt) return '';
  const limit = SLA_FIRST_HUMAN_REPLY_SECONDS[priority as Priority] ?? SLA_FIRST_HUMAN_REPLY_SECONDS.normal;
  const waited = ((repliedAt ?? now).getTime() - handedAt.getTime()) / 1000;
  if (waited > limit) return 'não';
  return repliedAt ? 'sim' : '';
}

/**
 * The chats started in [from, to), oldest first, one row each, read
 * REPORT_PAGE_SIZE at a time by (startedAt, id), so the next page is read
 * only when the client has taken the previous one (the stream's backpressure).
 */
async function* reportRows(db: Db, from: Date, to: Date, now: Date): AsyncGenerator<Cell[]> {
  yield [...REPORT_COLUMNS];
  let after: { startedAt: Date; id: string } | null = null;
  for (;;) {
    const page = await db.chat.findMany({
      where: {
        // The range starts at the last page's time too, so the index seeks there instead of from `from`.
        startedAt: { gte: after ? after.startedAt : from, lt: to },
        ...(after
          ? { OR: [{ startedAt: { gt: after.startedAt } }, { startedAt: after.startedAt, id: { gt: after.id } }] }
          : {}),
      },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      take: REPORT_PAGE_SIZE,
      select: {
        id: true,
        protocol: true,
        status: true,
        priority: true,
        department: true,
        startedAt: true,
        closedAt: true,
        firstResponseAt: true,
        rating: true,
        sla: true,
        slaMet: true,
        channel: { select: { name: true } },
        attendant: { select: { name: true } },
        chatTags: { select: { tag: { select: { name: true, kind: true } } } },
        statusChanges: { where: { to: 'transferred' }, orderBy: { at: 'asc' }, take: 1, select: { at: true } },
        messages: {
          where: { sender: 'attendant' },
          orderBy: { createdAt: 'asc' },
          take: 1,
          select: { createdAt: true },
        },
      },
    });
    for (const c of page) {
      const tags = c.chatTags.map((t) => t.tag).sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));
      yield [
        c.protocol,
        c.startedAt.toISOString(),
        c.status,
        textCell(c.channel.name),
        textCell(c.department),
        textCell(c.attendant?.name),
        textCell(
          tags
            .filter((t) => t.kind !== 'reason')
            .map((t) => t.name)
            .join('; '),
        ),
        textCell(
          tags
            .filter((t) => t.kind === 'reason')
            .map((t) => t.name)
            .join('; '),
        ),
        seconds(c.firstResponseAt, c.startedAt),
        c.status === 'resolved' ? seconds(c.closedAt, c.startedAt) : null,
        c.rating,
        // Under an SLA policy its outcome (src/sla); otherwise the first reply's limit by priority.
        c.sla !== null
          ? c.slaMet === null
            ? ''
            : c.slaMet
              ? 'sim'
              : 'não'
          : slaMet(c.priority, c.statusChanges[0]?.at, c.messages[0]?.createdAt, now),
      ];
    }
    if (page.length < REPORT_PAGE_SIZE) return;
    const last: { startedAt: Date; id: string } = page[page.length - 1]!;
    after = { startedAt: last.startedAt, id: last.id };
  }
}

/**
 * The report as a stream of CSV text: a UTF-8 byte order mark (Excel reads
 * accents right only with it), the header, then the rows (RFC 4180:
 * comma-separated, quoted when a cell holds a comma, quote or line break; CRLF).
 */
export function chatReportCsv(db: Db, from: Date, to: Date, logger: Logger, now = new Date()): Readable {
  const csv = stringify({ bom: true, record_delimiter: 'windows', cast: { number: (n) => String(n) } });
  // pipeline: a client that goes away destroys the rows too, so no further page is read.
  return pipeline(Readable.from(reportRows(db, from, to, now)), csv, (err) => {
    if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      logger.error({ err }, 'chat report failed');
    }
  });
}
