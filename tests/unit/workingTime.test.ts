import { BusinessCalendar, type BusinessHours } from '../../src/calendar/businessCalendar';
import { addWorkingTime, workingTimeBetween } from '../../src/calendar/workingTime';

// Working-time arithmetic on the business calendar (the SLA clocks count with it).
const slot = { start: '08:00', end: '18:00' };
const hours: BusinessHours = {
  timezone: 'America/Sao_Paulo',
  weekly: {
    mon: [slot],
    tue: [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ],
    fri: [slot],
  },
  holidays: [{ date: '2026-12-08', name: 'Feriado' }],
  nationalHolidays: null,
  departments: { plantao: { weekly: {} } },
};
const cal = new BusinessCalendar(hours);
const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;

test('open time is counted only inside the slots', () => {
  // Monday 2026-12-07 17:00 (UTC−3) to Tuesday 10:00 (the 8th is a holiday): one hour.
  expect(workingTimeBetween(cal, null, at('2026-12-07T20:00:00Z'), at('2026-12-08T13:00:00Z'))).toBe(H);
  // Friday 2026-12-04 07:00 to 09:30: an hour and a half.
  expect(workingTimeBetween(cal, null, at('2026-12-04T10:00:00Z'), at('2026-12-04T12:30:00Z'))).toBe(1.5 * H);
  expect(workingTimeBetween(cal, null, at('2026-12-04T12:30:00Z'), at('2026-12-04T10:00:00Z'))).toBe(0);
});

test('adding working time skips nights, closed days, holidays and the lunch break', () => {
  // Friday 17:00 + 2 h → Monday 09:00 (an hour Friday, an hour Monday).
  expect(addWorkingTime(cal, null, at('2026-12-04T20:00:00Z'), 2 * H)).toBe(at('2026-12-07T12:00:00Z'));
  // Monday 17:30 + 1 h → Tuesday the 8th is a holiday, Wednesday to Thursday closed → Friday 08:30.
  expect(addWorkingTime(cal, null, at('2026-12-07T20:30:00Z'), H)).toBe(at('2026-12-11T11:30:00Z'));
  // Tuesday 2026-12-15 11:30 + 1 h → 13:30 (lunch 12:00–13:00 skipped).
  expect(addWorkingTime(cal, null, at('2026-12-15T14:30:00Z'), H)).toBe(at('2026-12-15T16:30:00Z'));
  // Closed at the start: counted from the next opening.
  expect(addWorkingTime(cal, null, at('2026-12-05T15:00:00Z'), 30 * 60_000)).toBe(at('2026-12-07T11:30:00Z'));
  expect(addWorkingTime(cal, null, at('2026-12-05T15:00:00Z'), 0)).toBe(at('2026-12-05T15:00:00Z'));
});

test("a department's override counts on its own calendar (around the clock but holidays)", () => {
  expect(addWorkingTime(cal, 'plantao', at('2026-12-05T15:00:00Z'), 2 * H)).toBe(at('2026-12-05T17:00:00Z'));
  expect(workingTimeBetween(cal, 'plantao', at('2026-12-07T12:00:00Z'), at('2026-12-09T12:00:00Z'))).toBe(24 * H);
});

test('a calendar that never opens never gets there', () => {
  const never = new BusinessCalendar({ ...hours, weekly: { mon: [] } });
  expect(addWorkingTime(never, null, at('2026-12-04T20:00:00Z'), H)).toBeNull();
});
