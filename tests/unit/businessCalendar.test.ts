import { BusinessCalendar, DEFAULT_BUSINESS_HOURS, type BusinessHours } from '../../src/calendar/businessCalendar';
import { brazilianHolidays, nationalHolidayTable } from '../../src/calendar/nationalHolidays';
import { automaticText, BUILT_IN_TEXTS, EMPTY_AUTOMATIC_MESSAGES } from '../../src/automaticMessages/texts';
import { HANDOFF_MESSAGES } from '../../workflows/botPolicy';
import { PROTOCOL_LINES } from '../../workflows/protocolNotice';

const SP = 'America/Sao_Paulo';
const weekdays = { start: '08:00', end: '18:00' };
const hours: BusinessHours = {
  timezone: SP,
  weekly: { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays] },
  holidays: [],
  nationalHolidays: 'BR',
  departments: {},
};
/** A São Paulo wall-clock time (UTC−3 all year since 2019). */
const sp = (local: string) => new Date(`${local}-03:00`);

describe('Brazilian national holidays from date-holidays', () => {
  test('2026-09-07 (Independência) is a public holiday on a Monday; Carnaval is not a national holiday', () => {
    const list = brazilianHolidays([2026]);
    const independence = list.find((h) => h.date === '2026-09-07');
    expect(independence?.name).toMatch(/Independência/);
    expect(new Date('2026-09-07T12:00:00Z').getUTCDay()).toBe(1);
    expect(list.some((h) => h.date === '2026-02-17')).toBe(false);
    expect(list.some((h) => h.date === '2026-12-25')).toBe(true);
  });
});

describe('BusinessCalendar', () => {
  const calendar = new BusinessCalendar(hours, nationalHolidayTable(sp('2026-09-04T02:00:00')));

  test('02:00 on the Friday before the Independence Monday → next opening Tuesday 08:00', () => {
    const at = sp('2026-09-04T02:00:00');
    expect(calendar.isOpen(at)).toBe(false);
    expect(calendar.nextOpening(at)).toEqual(sp('2026-09-04T08:00:00'));
    // After Friday's hours the Monday holiday is skipped.
    const evening = sp('2026-09-04T19:00:00');
    expect(calendar.nextOpening(evening)).toEqual(sp('2026-09-08T08:00:00'));
    expect(calendar.nextOpeningPhrase(evening, 'pt-BR')).toBe('terça-feira às 08:00');
    expect(calendar.nextOpeningPhrase(evening, 'en')).toBe('Tuesday at 08:00');
    expect(calendar.isOpen(sp('2026-09-07T10:00:00'))).toBe(false);
    expect(calendar.isOpen(sp('2026-09-08T10:00:00'))).toBe(true);
  });

  test('02:00 on a Friday whose whole day is a holiday, before the holiday Monday → Tuesday 08:00', () => {
    const cal = new BusinessCalendar(
      { ...hours, holidays: [{ date: '2026-09-04', name: 'Ponte' }] },
      nationalHolidayTable(sp('2026-09-04T02:00:00')),
    );
    const at = sp('2026-09-04T02:00:00');
    expect(cal.nextOpening(at)).toEqual(sp('2026-09-08T08:00:00'));
    expect(cal.nextOpeningPhrase(at, 'pt-BR')).toBe('terça-feira às 08:00');
  });

  test('without national holidays, the Monday is a working day', () => {
    const cal = new BusinessCalendar({ ...hours, nationalHolidays: null }, nationalHolidayTable(new Date(0)));
    expect(cal.nextOpening(sp('2026-09-04T19:00:00'))).toEqual(sp('2026-09-07T08:00:00'));
    expect(cal.nextOpeningPhrase(sp('2026-09-04T19:00:00'), 'pt-BR')).toBe('segunda-feira às 08:00');
  });

  test('several slots a day: closed at lunch, "hoje às 14:00"; after hours, "amanhã às 08:00"', () => {
    const split = [
      { start: '08:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ];
    const cal = new BusinessCalendar({ ...hours, weekly: { tue: split, wed: split } });
    expect(cal.isOpen(sp('2026-09-08T11:59:00'))).toBe(true);
    expect(cal.isOpen(sp('2026-09-08T12:00:00'))).toBe(false);
    expect(cal.nextOpening(sp('2026-09-08T12:30:00'))).toEqual(sp('2026-09-08T14:00:00'));
    expect(cal.nextOpeningPhrase(sp('2026-09-08T12:30:00'), 'pt-BR')).toBe('hoje às 14:00');
    expect(cal.nextOpeningPhrase(sp('2026-09-08T12:30:00'), 'en')).toBe('today at 14:00');
    expect(cal.nextOpeningPhrase(sp('2026-09-08T18:00:00'), 'pt-BR')).toBe('amanhã às 08:00');
    expect(cal.nextOpeningPhrase(sp('2026-09-08T15:00:00'), 'pt-BR')).toBe('agora');
    // Within the week the weekday alone; a week away the date is said too.
    expect(cal.nextOpeningPhrase(sp('2026-09-09T19:00:00'), 'pt-BR')).toBe('terça-feira às 08:00');
    const tuesdays = new BusinessCalendar({ ...hours, weekly: { tue: split } });
    expect(tuesdays.nextOpeningPhrase(sp('2026-09-08T19:00:00'), 'pt-BR')).toBe('terça-feira, 15/09 às 08:00');
    expect(tuesdays.nextOpeningPhrase(sp('2026-09-08T19:00:00'), 'en')).toBe('Tuesday, Sep 15 at 08:00');
  });

  test('a department override replaces the fields it gives, in its own time zone', () => {
    const cal = new BusinessCalendar(
      {
        ...hours,
        departments: {
          plantao: { weekly: { sat: [{ start: '09:00', end: '13:00' }] }, nationalHolidays: null },
          lisboa: { timezone: 'Europe/Lisbon' },
        },
      },
      nationalHolidayTable(sp('2026-09-04T00:00:00')),
    );
    const saturday = sp('2026-09-05T10:00:00');
    expect(cal.isOpen(saturday)).toBe(false);
    expect(cal.isOpen(saturday, 'plantao')).toBe(true);
    expect(cal.isOpen(saturday, 'unknown-department')).toBe(false);
    // 07:00 in São Paulo is 11:00 in Lisbon, open there.
    expect(cal.isOpen(sp('2026-09-08T07:00:00'))).toBe(false);
    expect(cal.isOpen(sp('2026-09-08T07:00:00'), 'lisboa')).toBe(true);
  });

  test('holidays from the settings close the whole local day', () => {
    const cal = new BusinessCalendar({
      ...hours,
      nationalHolidays: null,
      holidays: [{ date: '2026-09-08', name: 'Aniversário' }],
    });
    expect(cal.isOpen(sp('2026-09-08T10:00:00'))).toBe(false);
    expect(cal.nextOpening(sp('2026-09-08T10:00:00'))).toEqual(sp('2026-09-09T08:00:00'));
  });

  test('a calendar never set is always open; one with no slot never opens', () => {
    const always = new BusinessCalendar(DEFAULT_BUSINESS_HOURS);
    const at = sp('2026-09-06T03:00:00');
    expect(always.isOpen(at)).toBe(true);
    expect(always.nextOpening(at)).toEqual(at);
    const never = new BusinessCalendar({ ...hours, weekly: { mon: [] } });
    expect(never.nextOpening(at)).toBeNull();
    expect(never.nextOpeningPhrase(at, 'pt-BR')).toBe('');
  });
});

describe('automaticText', () => {
  test('the built-in texts are today’s hard-coded ones', () => {
    expect(automaticText(EMPTY_AUTOMATIC_MESSAGES, null, 'pt', 'handoff')).toBe(HANDOFF_MESSAGES.pt);
    expect(automaticText(EMPTY_AUTOMATIC_MESSAGES, null, 'en', 'handoff')).toBe(HANDOFF_MESSAGES.en);
    expect(automaticText(EMPTY_AUTOMATIC_MESSAGES, null, 'pt-BR', 'protocol', { protocol: 'X1' })).toBe(
      PROTOCOL_LINES.pt('X1'),
    );
    expect(automaticText(EMPTY_AUTOMATIC_MESSAGES, null, 'en', 'protocol', { protocol: 'X1' })).toBe(
      PROTOCOL_LINES.en('X1'),
    );
    expect(automaticText(EMPTY_AUTOMATIC_MESSAGES, null, 'pt-BR', 'greeting')).toBeNull();
    expect(BUILT_IN_TEXTS.en.csatQuestion).toMatch(/1 to 5/);
  });

  test('the channel’s text, then the company’s, then the built-in one', () => {
    const settings = {
      default: { 'pt-BR': { handoffOutOfHours: 'Voltamos {{nextOpening}}, {{contact.firstName|cliente}}.' } },
      channels: { c1: { 'pt-BR': { handoffOutOfHours: 'Canal 1: {{nextOpening}}' } } },
    };
    const vars = { nextOpening: 'terça-feira às 08:00', 'contact.firstName': null };
    expect(automaticText(settings, 'c1', 'pt-BR', 'handoffOutOfHours', vars)).toBe('Canal 1: terça-feira às 08:00');
    expect(automaticText(settings, 'c2', 'pt-BR', 'handoffOutOfHours', vars)).toBe(
      'Voltamos terça-feira às 08:00, cliente.',
    );
    expect(automaticText(settings, 'c1', 'en', 'handoffOutOfHours', vars)).toBe(
      "I'm handing you over to one of our attendants. We are closed right now; we open again terça-feira às 08:00 and answer in order of arrival.",
    );
  });
});
