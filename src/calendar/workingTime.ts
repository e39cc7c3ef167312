import { DateTime } from 'luxon';
import { CALENDAR_WEEKDAYS, holidayOn, rulesFor, type BusinessCalendar, type Slot } from './businessCalendar';

/**
 * Working-time arithmetic on the business calendar: how much open time lies
 * between two instants, and when a given amount of open time has passed. Pure
 * (no clock, no Node): the chat's workflow counts its SLA clocks with it
 * (workflows/sla.ts).
 */

/** Looks this many days ahead at most (a calendar that never opens counts nothing). */
const HORIZON_DAYS = 400;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The open intervals from `from` on, in order, each as [start, end) epoch ms. */
function* openIntervals(
  calendar: BusinessCalendar,
  department: string | null,
  from: number,
): Generator<[number, number]> {
  const rules = rulesFor(calendar.hours, department);
  const first = DateTime.fromMillis(from, { zone: rules.timezone }).startOf('day');
  for (let offset = 0; offset <= HORIZON_DAYS; offset++) {
    const day = first.plus({ days: offset });
    if (holidayOn(rules, day.toISODate()!, calendar.national)) continue;
    const slots: Slot[] =
      Object.keys(rules.weekly).length === 0
        ? [{ start: '00:00', end: '24:00' }]
        : [...(rules.weekly[CALENDAR_WEEKDAYS[day.weekday - 1]!] ?? [])].sort((a, b) => a.start.localeCompare(b.start));
    for (const slot of slots) {
      const start = day.plus({ minutes: minutes(slot.start) }).toMillis();
      const end = day.plus({ minutes: minutes(slot.end) }).toMillis();
      if (end <= from) continue;
      yield [Math.max(start, from), end];
    }
  }
}

/** Open time (ms) between `from` and `to` on the calendar of `department`. */
export function workingTimeBetween(
  calendar: BusinessCalendar,
  department: string | null,
  from: number,
  to: number,
): number {
  let total = 0;
  if (to <= from) return 0;
  for (const [start, end] of openIntervals(calendar, department, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total;
}

/** The instant `ms` of open time after `from` (`from` itself for 0), or null when the calendar never gets there. */
export function addWorkingTime(
  calendar: BusinessCalendar,
  department: string | null,
  from: number,
  ms: number,
): number | null {
  let left = ms;
  if (left <= 0) return from;
  for (const [start, end] of openIntervals(calendar, department, from)) {
    if (end - start >= left) return start + left;
    left -= end - start;
  }
  return null;
}
