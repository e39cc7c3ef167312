import { DateTime } from 'luxon';
import { z } from 'zod';
import { TimeZone } from '../assignment/workingHours';
import { BusinessCalendar, CALENDAR_WEEKDAYS, DEFAULT_BUSINESS_HOURS, type BusinessHours } from './businessCalendar';
import { nationalHolidayTable } from './nationalHolidays';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM between 00:00 and 23:59');
const endTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM between 00:01 and 24:00');
const Slot = z
  .object({ start: time, end: endTime })
  .strict()
  .refine((s) => s.start < s.end, { message: 'end must be after start', path: ['end'] });

/** Slots per weekday, validated as attendants' working hours are: several a day, none overlapping. */
const Weekly = z.partialRecord(z.enum(CALENDAR_WEEKDAYS), z.array(Slot).max(8)).superRefine((weekly, ctx) => {
  for (const [day, slots] of Object.entries(weekly)) {
    const sorted = [...(slots ?? [])].sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.start < sorted[i - 1]!.end) {
        ctx.addIssue({ code: 'custom', message: 'slots of one day must not overlap', path: [day] });
      }
    }
  }
});

const HolidayDate = z
  .string()
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d).isValid, 'must be a date, YYYY-MM-DD');
const Holidays = z
  .array(z.object({ date: HolidayDate, name: z.string().trim().min(1).max(100) }).strict())
  .max(366)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((h, i) => {
      if (seen.has(h.date)) ctx.addIssue({ code: 'custom', message: 'a date may appear once', path: [i, 'date'] });
      seen.add(h.date);
    });
  });
const National = z.enum(['BR']).nullable();

const Override = z
  .object({
    timezone: TimeZone.optional(),
    weekly: Weekly.optional(),
    holidays: Holidays.optional(),
    nationalHolidays: National.optional(),
  })
  .strict();

/** `PUT /api/v1/business-hours`'s body. */
export const BusinessHoursBody = z
  .object({
    timezone: TimeZone,
    weekly: Weekly,
    holidays: Holidays.default([]),
    nationalHolidays: National.default(null),
    departments: z.record(z.string().trim().min(1).max(100), Override).default({}),
  })
  .strict();

const KEY = 'business-hours';

/** The calendar as set, or the default (always open) when never set. */
export async function loadBusinessHours(db: Db): Promise<BusinessHours> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return DEFAULT_BUSINESS_HOURS;
  const parsed = BusinessHoursBody.safeParse(readJsonColumn<unknown>(row.value, null));
  return parsed.success ? (parsed.data as BusinessHours) : DEFAULT_BUSINESS_HOURS;
}

export async function saveBusinessHours(db: Pick<Db, 'setting'>, hours: BusinessHours): Promise<void> {
  const value = JSON.stringify(hours);
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

/** The calendar as set, with the national holidays around `now`: for code outside workflows (API, activities). */
export async function loadBusinessCalendar(db: Db, now: Date): Promise<BusinessCalendar> {
  return new BusinessCalendar(await loadBusinessHours(db), nationalHolidayTable(now));
}
