import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import type { Attendant } from '../../types';
import { useAction } from './parts';

/** An attendant row's security actions (admin): a one-hour password-reset link to hand over; turning 2FA off. */
export function PersonSecurity({ api, t, person }: { api: Api; t: Texts; person: Attendant }) {
  const s = t.security;
  const [link, setLink] = useState<string | null>(null);
  const [twoFactor, setTwoFactor] = useState(person.twoFactorEnabled);
  const { busy, error, run } = useAction();
  if (!person.active) return <td />;
  const issue = () =>
    run(async () => {
      const answer = await api.request<{ url: string }>(
        'POST',
        `/api/v1/attendants/${encodeURIComponent(person.id)}/password-reset`,
      );
      setLink(answer.url);
    });
  const turnOff = () =>
    run(async () => {
      await api.request('DELETE', `/api/v1/attendants/${encodeURIComponent(person.id)}/2fa`);
      setTwoFactor(false);
    });
  return (
    <td class="row-actions">
      <button
        type="button"
        class="secondary"
        disabled={busy}
        aria-label={`${s.issueReset}: ${person.name}`}
        onClick={() => void issue()}
      >
        {s.issueReset}
      </button>
      {twoFactor && (
        <button
          type="button"
          class="secondary"
          disabled={busy}
          aria-label={`${s.disable2fa}: ${person.name}`}
          onClick={() => void turnOff()}
        >
          {s.disable2fa}
        </button>
      )}
      {link && (
        <div role="status" class="reset-link">
          <p class="muted">{s.resetHint}</p>
          <input
            readOnly
            aria-label={`${s.resetLink}: ${person.name}`}
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </td>
  );
}
