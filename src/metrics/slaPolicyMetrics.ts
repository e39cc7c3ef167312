import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';

interface Share {
  met: number;
  breached: number;
  /** met / (met + breached), null with no decided chat. */
  rate: number | null;
}

const share = (met: number, breached: number): Share => ({
  met,
  breached,
  rate: met + breached > 0 ? met / (met + breached) : null,
});

/**
 * SLA policies' outcome over the chats of `where` (docs/api.md, "Metrics"):
 * chats with a policy whose outcome is decided — `slaMet` false once a clock
 * breached, true when closed without a breach — in all, per attendant and
 * per department. Chats still open within their targets are left out.
 */
export async function slaPolicyMetrics(db: Db, where: Prisma.ChatWhereInput) {
  const decided = { ...where, slaMet: { not: null } };
  const [byAttendant, byDepartment] = await Promise.all([
    db.chat.groupBy({ by: ['attendantId', 'slaMet'], where: decided, _count: { _all: true } }),
    db.chat.groupBy({ by: ['department', 'slaMet'], where: decided, _count: { _all: true } }),
  ]);
  const tally = <K extends string | null>(rows: { key: K; slaMet: boolean | null; n: number }[]) => {
    const by = new Map<K, { met: number; breached: number }>();
    for (const r of rows) {
      const t = by.get(r.key) ?? { met: 0, breached: 0 };
      if (r.slaMet) t.met += r.n;
      else t.breached += r.n;
      by.set(r.key, t);
    }
    return [...by].map(([key, t]) => ({ key, ...share(t.met, t.breached) }));
  };
  const attendants = tally(byAttendant.map((r) => ({ key: r.attendantId, slaMet: r.slaMet, n: r._count._all })));
  const departments = tally(byDepartment.map((r) => ({ key: r.department, slaMet: r.slaMet, n: r._count._all })));
  const met = attendants.reduce((s, a) => s + a.met, 0);
  const breached = attendants.reduce((s, a) => s + a.breached, 0);
  return {
    ...share(met, breached),
    byAttendant: attendants.map(({ key, ...s }) => ({ attendantId: key, ...s })),
    byDepartment: departments.map(({ key, ...s }) => ({ department: key, ...s })),
  };
}
