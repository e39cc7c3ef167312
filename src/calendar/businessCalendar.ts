import { DateTime } from 'luxon';

/**
 * The company's business calendar (`GET|PUT /api/v1/business-hours`): when
 * the team is open, per department, with holidays. Pure functions of the
 * settings and of a time given as an argument: nothing here reads a clock,
 * the database or Node, so the chat's workflow may import it (luxon is
 * deterministic for a given instant and zone). The national holidays come in
 * as data (src/calendar/nationalHolidays.ts expands them from the
 * date-holidays library outside workflow code).
 */

export const CALENDAR_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type CalendarWeekday = (typeof CALENDAR_WEEKDAYS)[number];

export interface Slot {
  start: string;
  end: string;
}
export interface Holiday {
  /** YYYY-MM-DD, a whole local day. */
  date: string;
  name: string;
}
export type WeeklySlots = Partial<Record<CalendarWeekday, Slot[]>>;

/** One calendar: the company's, or a department's after its override. */
export interface CalendarRules {
  timezone: string;
  /** `{}` means open around the clock (closed only on holidays); otherwise a day not listed is closed. */
  weekly: WeeklySlots;
  holidays: Holiday[];
  nationalHolidays: 'BR' | null;
}

/** A department's override: each field given replaces the company's. */
export type CalendarOverride = Partial<CalendarRules>;

export interface BusinessHours extends CalendarRules {
  departments: Record<string, CalendarOverride>;
}

/** What a deployment that never set its calendar has: always open. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  timezone: 'America/Sao_Paulo',
  weekly: {},
  holidays: [],
  nationalHolidays: null,
  departments: {},
};

/** National holidays by country, as data: `{"BR":[{"date":"2026-09-07","name":"Dia da Independência"}]}`. */
export type NationalHolidayTable = Partial<Record<'BR', readonly Holiday[]>>;

export type CalendarLocale = 'pt-BR' | 'en';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The rules that apply to a department (the company's when it has no override). */
export function rulesFor(hours: BusinessHours, department?: string | null): CalendarRules {
  const override = department ? hours.departments[department] : undefined;
  return {
    timezone: override?.timezone ?? hours.timezone,
    weekly: override?.weekly ?? hours.weekly,
    holidays: override?.holidays ?? hours.holidays,
    nationalHolidays: override?.nationalHolidays !== undefined ? override.nationalHolidays : hours.nationalHolidays,
  };
}

/** The holiday on a local date (YYYY-MM-DD), if any: the settings' first, then the national ones. */
export function holidayOn(rules: CalendarRules, date: string, national: NationalHolidayTable = {}): Holiday | null {
  const own = rules.holidays.find((h) => h.date === date);
  if (own) return own;
  if (!rules.nationalHolidays) return null;
  return national[rules.nationalHolidays]?.find((h) => h.date === date) ?? null;
}

function slotsOn(rules: CalendarRules, day: DateTime): Slot[] {
  if (Object.keys(rules.weekly).length === 0) return [{ start: '00:00', end: '24:00' }];
  const slots = rules.weekly[CALENDAR_WEEKDAYS[day.weekday - 1]!] ?? [];
  return [...slots].sort((a, b) => a.start.localeCompare(b.start));
}

/** A pure view of the calendar with the national holidays it needs. */
export class BusinessCalendar {
  constructor(
    readonly hours: BusinessHours,
    readonly national: NationalHolidayTable = {},
  ) {}

  /** Whether the team (of `department`, or the company's) is open at `at`. */
  isOpen(at: Date, department?: string | null): boolean {
    const rules = rulesFor(this.hours, department);
    const local = DateTime.fromJSDate(at, { zone: rules.timezone });
    if (holidayOn(rules, local.toISODate()!, this.national)) return false;
    const now = local.hour * 60 + local.minute;
    return slotsOn(rules, local).some((s) => minutes(s.start) <= now && now < minutes(s.end));
  }

  /** `at` itself when open; otherwise when the team next opens (within 400 days), or null if never. */
  nextOpening(at: Date, department?: string | null): Date | null {
    if (this.isOpen(at, department)) return at;
    const rules = rulesFor(this.hours, department);
    const local = DateTime.fromJSDate(at, { zone: rules.timezone });
    for (let offset = 0; offset <= 400; offset++) {
      const day = local.startOf('day').plus({ days: offset });
      if (holidayOn(rules, day.toISODate()!, this.national)) continue;
      for (const slot of slotsOn(rules, day)) {
        const m = minutes(slot.start);
        const start = day.set({ hour: Math.floor(m / 60), minute: m % 60 });
        if (start > local) return start.toJSDate();
      }
    }
    return null;
  }

  /**
   * The next opening as people say it, seen from `at`: "agora", "hoje às
   * 14:00", "amanhã às 08:00", "terça-feira às 08:00" within a week, then
   * "terça-feira, 06/04 às 08:00" (en: "now", "today at 14:00", "tomorrow at
   * 08:00", "Tuesday at 08:00", "Tuesday, Apr 6 at 08:00"). Empty when the
   * team never opens.
   */
  nextOpeningPhrase(at: Date, locale: CalendarLocale, department?: string | null): string {
    const opening = this.nextOpening(at, department);
    if (!opening) return '';
    return openingPhrase(opening, at, rulesFor(this.hours, department).timezone, locale);
  }
}

const WEEKDAY_NAMES: Record<CalendarLocale, readonly string[]> = {
  'pt-BR': ['segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado', 'domingo'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `opening` as people say it in `timeZone`, seen from `at` (see nextOpeningPhrase). */
export function openingPhrase(opening: Date, at: Date, timeZone: string, locale: CalendarLocale): string {
  const pt = locale === 'pt-BR';
  if (opening.getTime() <= at.getTime()) return pt ? 'agora' : 'now';
  const from = DateTime.fromJSDate(at, { zone: timeZone }).startOf('day');
  const to = DateTime.fromJSDate(opening, { zone: timeZone });
  const days = Math.round(to.startOf('day').diff(from, 'days').days);
  const time = to.toFormat('HH:mm');
  const at_ = pt ? 'às' : 'at';
  if (days === 0) return `${pt ? 'hoje' : 'today'} ${at_} ${time}`;
  if (days === 1) return `${pt ? 'amanhã' : 'tomorrow'} ${at_} ${time}`;
  const weekday = WEEKDAY_NAMES[locale][to.weekday - 1]!;
  if (days < 7) return `${weekday} ${at_} ${time}`;
  const date = pt ? to.toFormat('dd/MM') : `${MONTHS_EN[to.month - 1]} ${to.day}`;
  return `${weekday}, ${date} ${at_} ${time}`;
}
