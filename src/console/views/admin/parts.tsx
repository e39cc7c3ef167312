import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import type { Texts } from '../../i18n';

/**
 * An admin form's requests: busy while one runs, the API's error message
 * (which names the field for a 400) when it fails. `run` resolves true on
 * success; `save` also runs `after` (close the form, reload the list).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = async (action: () => Promise<unknown>, after: () => unknown) => {
    if (await run(action)) await after();
  };
  return { busy, error, run, save };
}

/** The end of an admin form: its error, Save, and Cancel while editing. */
export function FormFooter({
  t,
  error,
  busy,
  editing,
  onCancel,
}: {
  t: Texts;
  error: string | null;
  busy: boolean;
  editing: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="inline">
        <button type="submit" disabled={busy}>
          {t.save}
        </button>
        {editing && (
          <button type="button" class="secondary" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </div>
    </>
  );
}

/** A table row's Edit and remove buttons, named after the row for screen readers. */
export function RowActions({
  t,
  name,
  onEdit,
  remove,
}: {
  t: Texts;
  name: string;
  onEdit: () => void;
  /** What removing is called here (delete, deactivate), or nothing when it cannot be. */
  remove?: { label: string; run: () => void };
}) {
  return (
    <td class="row-actions">
      <button type="button" class="secondary" aria-label={`${t.edit}: ${name}`} onClick={onEdit}>
        {t.edit}
      </button>
      {remove && (
        <button type="button" class="secondary" aria-label={`${remove.label}: ${name}`} onClick={remove.run}>
          {remove.label}
        </button>
      )}
    </td>
  );
}
