/**
 * A one-time code field: the authenticator's six digits (a numeric keyboard
 * on phones, the browser's one-time-code autofill) or, with `letters`, a
 * recovery code too. Used by the two-step login and the Security screen.
 */
export function CodeField({
  label,
  value,
  onInput,
  letters = false,
}: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  letters?: boolean;
}) {
  return (
    <label>
      {label}
      <input
        name="code"
        autocomplete="one-time-code"
        inputMode={letters ? 'text' : 'numeric'}
        required
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}
