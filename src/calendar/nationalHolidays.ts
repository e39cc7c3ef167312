import Holidays from 'date-holidays';
import type { Holiday, NationalHolidayTable } from './businessCalendar';

/**
 * Brazil's national holidays from the date-holidays library (maintained
 * upstream, not a hand-made list): the days of type "public" only, so
 * Carnaval (optional or bank holiday) and observances such as Mother's Day
 * stay working days. Not for workflow code (the library carries every
 * country's data): callers expand the years they need and hand the table to
 * BusinessCalendar.
 */
export function brazilianHolidays(years: readonly number[]): Holiday[] {
  const hd = new Holidays('BR', { languages: ['pt'] });
  return years.flatMap((year) =>
    hd
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => ({ date: h.date.slice(0, 10), name: h.name })),
  );
}

/** The national holiday table for the year of `at` and the next one (enough for any next opening). */
export function nationalHolidayTable(at: Date): NationalHolidayTable {
  const year = at.getUTCFullYear();
  return { BR: brazilianHolidays([year - 1, year, year + 1]) };
}
