import type { Texts } from '../../i18n';
import type { Weekday, WorkingHours } from '../../../assignment/workingHours';
import { FieldError, invalid } from './issues';

/** The API's weekdays (src/assignment/workingHours.ts, which the console does not bundle: it needs luxon). */
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];
export type Slot = { start: string; end: string };
export type HoursForm = Record<(typeof WEEKDAYS)[number], Slot[]>;

/** The API's `workingHours` as one list of slots per weekday (none: the day's key is left out). */
export const toHoursForm = (hours: Record<string, unknown>): HoursForm =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, [...((hours[day] as Slot[] | undefined) ?? [])]])) as HoursForm;
export const fromHoursForm = (form: HoursForm): WorkingHours =>
  Object.fromEntries(WEEKDAYS.filter((day) => form[day].length > 0).map((day) => [day, form[day]]));
/** At most 4 slots a day (the API's limit). */
const MAX_SLOTS = 4;

/**
 * An attendant's working hours: slots per weekday (the end exclusive, in
 * their time zone). `issues` by `workingHours.<day>`: a day's problem (say,
 * overlapping slots) shows at that day.
 */
export function WorkingHoursEditor({
  t,
  hours,
  issues,
  onChange,
}: {
  t: Texts;
  hours: HoursForm;
  issues: Record<string, string>;
  onChange: (hours: HoursForm) => void;
}) {
  const h = t.hours;
  const setDay = (day: keyof HoursForm, slots: Slot[]) => onChange({ ...hours, [day]: slots });
  const always = WEEKDAYS.every((day) => hours[day].length === 0);
  return (
    <fieldset class="working-hours">
      <legend>{h.title}</legend>
      {always && <p class="muted small">{h.always}</p>}
      {issues.workingHours && (
        <p class="error small" role="alert">
          {issues.workingHours}
        </p>
      )}
      {WEEKDAYS.map((day) => {
        const dayName = h.weekday[day] ?? day;
        const id = `hours-${day}`;
        const problem = issues[`workingHours.${day}`];
        return (
          <div key={day} class="hours-day" role="group" aria-label={dayName} {...invalid(id, problem)}>
            <span class="hours-day-name">{dayName}</span>
            {hours[day].length === 0 && <span class="muted small">{h.none}</span>}
            {hours[day].map((slot, i) => {
              const slotName = `${dayName}, ${h.slot(i + 1)}`;
              const set = (patch: Partial<Slot>) =>
                setDay(
                  day,
                  hours[day].map((s, j) => (j === i ? { ...s, ...patch } : s)),
                );
              return (
                <div key={i} class="hours-slot">
                  <input
                    type="time"
                    required
                    aria-label={`${slotName}: ${h.start}`}
                    value={slot.start}
                    onInput={(e) => set({ start: e.currentTarget.value })}
                  />
                  <span aria-hidden="true">–</span>
                  <input
                    type="time"
                    required
                    aria-label={`${slotName}: ${h.end}`}
                    value={slot.end}
                    onInput={(e) => set({ end: e.currentTarget.value })}
                  />
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${h.removeSlot}: ${slotName}`}
                    onClick={() =>
                      setDay(
                        day,
                        hours[day].filter((_, j) => j !== i),
                      )
                    }
                  >
                    ×
                  </button>
                </div>
              );
            })}
            <button
              type="button"
              class="secondary"
              disabled={hours[day].length >= MAX_SLOTS}
              aria-label={`${h.addSlot}: ${dayName}`}
              onClick={() => setDay(day, [...hours[day], { start: '08:00', end: '18:00' }])}
            >
              +
            </button>
            <FieldError id={id} problem={problem} />
          </div>
        );
      })}
    </fieldset>
  );
}
