import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../audit/actions';
import { PageQuery } from '../pagination';

/** The filters of the audit log's list and CSV: all optional, combined with "and". */
const AuditFilters = z.object({
  /** An attendant's or API token's id, or `system` / `anonymous` for entries no person made. */
  actor: z.string().trim().min(1).max(100).optional(),
  /** One name of the action list (docs/api.md, "Audit log"). */
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** Entries at or after (ISO 8601 with an offset). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Entries before. */
  to: z.iso.datetime({ offset: true }).optional(),
});

const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || new Date(q.from) < new Date(q.to);
const order = { message: 'from must be before to', path: ['from'] };

export const ListAuditQuery = AuditFilters.extend(PageQuery.shape).strict().refine(fromBeforeTo, order);
export const AuditCsvQuery = AuditFilters.strict().refine(fromBeforeTo, order);
export type AuditFilters = z.infer<typeof AuditFilters>;
