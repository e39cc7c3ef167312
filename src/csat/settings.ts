import { z } from 'zod';

/** A duration such as "24 hours" or "30 seconds" (the form of CHAT_INACTIVITY_TIMEOUT, docs/api.md). */
const DURATION = /^(\d+)\s*(ms|s|seconds?|m|minutes?|h|hours?|d|days?)$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration DURATION accepts. */
export function durationMs(value: string): number {
  const match = DURATION.exec(value.trim());
  if (!match) return Number.NaN;
  const [, amount, unit] = match;
  const key = unit === 'ms' ? 'ms' : unit![0]!;
  return Number(amount) * UNIT_MS[key]!;
}

/** The satisfaction survey of a channel: asked when a chat is resolved, open `window` long. */
export const CsatSettings = z
  .object({
    enabled: z.boolean(),
    window: z
      .string()
      .trim()
      .refine((v) => {
        const ms = durationMs(v);
        return ms >= 1000 && ms <= 30 * 86_400_000;
      }, 'must be a duration from 1 second to 30 days, such as "24 hours" or "30 seconds"'),
  })
  .partial()
  .strict();
export type CsatSettings = z.infer<typeof CsatSettings>;

/** On by default for every channel, open for a day. */
export const DEFAULT_CSAT = { enabled: true, window: '24 hours' } as const;

/** The survey a channel runs, from its stored settings (absent or partial: the defaults). */
export function csatOf(settings: Record<string, unknown>): { enabled: boolean; window: string } {
  const parsed = CsatSettings.safeParse(settings.csat ?? {});
  return { ...DEFAULT_CSAT, ...(parsed.success ? parsed.data : {}) };
}
