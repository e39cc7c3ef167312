import { z } from 'zod';
import { durationMs } from '../csat/settings';
import type { InactivityPlan } from '../../workflows/types';

/** The longest wait a channel may set (the workflow's timer; a chat longer silent is long gone). */
const MAX_MS = 90 * 86_400_000;

const Duration = z
  .string()
  .trim()
  .refine((v) => {
    const ms = durationMs(v);
    return ms >= 1000 && ms <= MAX_MS;
  }, 'must be a duration from 1 second to 90 days, such as "90 seconds" or "24 hours"');

/** One waiting state: warn after `warnAfter` of silence, close after `closeAfter` (both counted from when the wait began). */
const Period = z
  .object({ warnAfter: Duration, closeAfter: Duration })
  .partial()
  .strict()
  .superRefine((p, ctx) => {
    if (p.warnAfter && p.closeAfter && durationMs(p.closeAfter) <= durationMs(p.warnAfter)) {
      ctx.addIssue({ code: 'custom', message: 'must be longer than warnAfter', path: ['closeAfter'] });
    }
  });

/**
 * A channel's `inactivity` (docs/api.md): `{"withBot":{"warnAfter","closeAfter"},
 * "waitingCustomer":{…}}`. `withBot`: the bot answered and waits for the customer;
 * `waitingCustomer`: an attendant answered and waits for the customer. A field left
 * out: no warning, and the close after CHAT_INACTIVITY_TIMEOUT (the behaviour before).
 */
export const InactivitySettings = z.object({ withBot: Period, waitingCustomer: Period }).partial().strict();
export type InactivitySettings = z.infer<typeof InactivitySettings>;

/** The plan a new chat takes into its workflow (milliseconds), from its channel's stored settings. */
export function inactivityPlanOf(settings: Record<string, unknown> | null): InactivityPlan {
  const parsed = InactivitySettings.safeParse(settings?.inactivity ?? {});
  const plan: InactivityPlan = {};
  if (!parsed.success) return plan;
  for (const kind of ['withBot', 'waitingCustomer'] as const) {
    const p = parsed.data[kind];
    if (!p) continue;
    plan[kind] = {
      warnAfterMs: p.warnAfter ? durationMs(p.warnAfter) : null,
      closeAfterMs: p.closeAfter ? durationMs(p.closeAfter) : null,
    };
  }
  return plan;
}
