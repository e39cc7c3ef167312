import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM between 00:00 and 23:59');
const Window = z
  .object({ start: time, end: time })
  .strict()
  .refine((w) => w.start < w.end, { message: 'end must be after start', path: ['end'] });

/** `{"mon":[{"start":"08:00","end":"18:00"}], ...}`; an empty object means always. */
export const WorkingHours = z.partialRecord(z.enum(WEEKDAYS), z.array(Window).max(4)).superRefine((hours, ctx) => {
  for (const [day, windows] of Object.entries(hours)) {
    const sorted = [...(windows ?? [])].sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.start < sorted[i - 1]!.end) {
        ctx.addIssue({ code: 'custom', message: 'windows of one day must not overlap', path: [day] });
      }
    }
  }
});
export type WorkingHours = z.infer<typeof WorkingHours>;

export const TimeZone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone, e.g. America/Sao_Paulo');

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls inside the hours, read in the attendant's time zone. */
export function inWorkingHours(hours: WorkingHours, timeZone: string, at: Date): boolean {
  if (Object.keys(hours).length === 0) return true;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const day = WEEKDAYS[local.weekday - 1]!;
  const now = local.hour * 60 + local.minute;
  return (hours[day] ?? []).some((w) => minutes(w.start) <= now && now < minutes(w.end));
}

/** When the next window begins after `at` (within a week), or null for hours that never begin. */
export function nextWindowStart(hours: WorkingHours, timeZone: string, at: Date): Date | null {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  let best: DateTime | null = null;
  for (let offset = 0; offset <= 7; offset++) {
    const day = local.plus({ days: offset });
    for (const w of hours[WEEKDAYS[day.weekday - 1]!] ?? []) {
      const m = minutes(w.start);
      const start = day.set({ hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 });
      if (start > local && (best === null || start < best)) best = start;
    }
    if (best) break;
  }
  return best ? best.toJSDate() : null;
}
