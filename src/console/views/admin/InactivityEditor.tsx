import type { Texts } from '../../i18n';

/** The form's values: `withBot.warnAfter` → "10 minutes"; blank means not set. */
export type InactivityValues = Record<string, string>;

const STATES = ['withBot', 'waitingCustomer'] as const;
const FIELDS = ['warnAfter', 'closeAfter'] as const;

/** A channel's stored `inactivity` as the form's values. */
export function inactivityValues(stored: unknown): InactivityValues {
  const values: InactivityValues = {};
  const s = (stored ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const state of STATES) {
    for (const field of FIELDS) {
      const v = s[state]?.[field];
      values[`${state}.${field}`] = typeof v === 'string' ? v : '';
    }
  }
  return values;
}

/** The PATCH body's `inactivity`: blank fields left out (so the server's defaults apply). */
export function inactivityBody(values: InactivityValues): Record<string, Record<string, string>> {
  const body: Record<string, Record<string, string>> = {};
  for (const state of STATES) {
    const period: Record<string, string> = {};
    for (const field of FIELDS) {
      const v = values[`${state}.${field}`]?.trim();
      if (v) period[field] = v;
    }
    if (Object.keys(period).length > 0) body[state] = period;
  }
  return body;
}

/**
 * A channel's inactivity per waiting state (docs/api.md, Channels): with the
 * bot, and waiting on the customer after an attendant; each a warning and a
 * close. The server validates (a 400 names the field, shown by the form).
 */
export function InactivityEditor({
  t,
  values,
  onChange,
}: {
  t: Texts;
  values: InactivityValues;
  onChange: (values: InactivityValues) => void;
}) {
  return (
    <fieldset class="inactivity-editor">
      <legend>{t.inactivity.title}</legend>
      <p class="muted">{t.inactivity.hint}</p>
      {STATES.map((state) => (
        <div key={state} class="inactivity-state" role="group" aria-label={t.inactivity[state]}>
          <strong>{t.inactivity[state]}</strong>
          {FIELDS.map((field) => (
            <label key={field}>
              {t.inactivity[field]}
              <input
                type="text"
                name={`inactivity.${state}.${field}`}
                placeholder="30 minutes"
                value={values[`${state}.${field}`] ?? ''}
                onInput={(e) => onChange({ ...values, [`${state}.${field}`]: e.currentTarget.value })}
              />
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}
