import { SLA_TARGETS, type SlaState, type SlaTarget } from './types';

/**
 * The SLA as the chat's row and the API show it, from the clocks' state
 * (workflows/sla.ts runs them). Apart from the clocks so the read model and
 * the API's presenters depend on the view, not on the workflow code.
 */
export type SlaClockStatus = 'running' | 'paused' | 'met' | 'breached';

/** The SLA as the chat's row keeps it and `GET /api/v1/chats/:id` shows it (docs/api.md, "SLA policies"). */
export interface SlaView {
  policy: string;
  firstResponseDue: string | null;
  nextResponseDue: string | null;
  resolutionDue: string | null;
  breaches: { target: SlaTarget; at: string }[];
  /** Each clock started so far: its state, target, time counted before `since`, and since when it runs. */
  clocks: Partial<
    Record<
      SlaTarget,
      { status: SlaClockStatus; targetMs: number; spentMs: number; since: string | null; dueAt: string | null }
    >
  >;
  /** When this view was taken. */
  at: string;
  /** Null while open and unbreached; false once breached; true when closed without a breach. */
  met: boolean | null;
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The SLA as shown, from the workflow's state. */
export function slaView(sla: SlaState, closed: boolean, now: number): SlaView {
  const clocks: SlaView['clocks'] = {};
  for (const t of SLA_TARGETS) {
    const c = sla.clocks[t];
    if (!c) continue;
    const status: SlaClockStatus = c.breached ? 'breached' : c.done ? 'met' : c.since !== null ? 'running' : 'paused';
    clocks[t] = { status, targetMs: c.targetMs, spentMs: c.spentMs, since: iso(c.since), dueAt: iso(c.dueAt) };
  }
  return {
    policy: sla.policy,
    firstResponseDue: iso(sla.clocks.firstResponse?.dueAt ?? null),
    nextResponseDue: iso(sla.clocks.nextResponse?.dueAt ?? null),
    resolutionDue: iso(sla.clocks.resolution?.dueAt ?? null),
    breaches: sla.breaches,
    clocks,
    at: new Date(now).toISOString(),
    met: sla.breaches.length > 0 ? false : closed ? true : null,
  };
}
