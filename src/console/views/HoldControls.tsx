import { useState } from 'preact/hooks';
import type { Texts } from '../i18n';

/**
 * On hold (POST /api/v1/chats/:id/hold and /unhold): its attendant sets the
 * chat aside until a time (optional; otherwise until the customer writes),
 * with an optional reason, and resumes it. A reply also ends the hold.
 */
export function HoldControls({
  t,
  status,
  busy,
  act,
}: {
  t: Texts;
  status: string;
  busy: boolean;
  act: (path: string, body?: unknown) => Promise<boolean>;
}) {
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  if (status === 'on_hold') {
    return (
      <div class="inline hold">
        <button type="button" class="secondary" disabled={busy} onClick={() => void act('unhold')}>
          {t.hold.unhold}
        </button>
      </div>
    );
  }
  if (status !== 'waiting_attendant' && status !== 'waiting_customer') return null;
  const hold = async (e: Event) => {
    e.preventDefault();
    // datetime-local is the attendant's local time; the API takes an instant.
    const body = {
      ...(until ? { until: new Date(until).toISOString() } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    };
    if (await act('hold', body)) {
      setUntil('');
      setReason('');
    }
  };
  return (
    <form class="inline hold" onSubmit={hold} aria-label={t.hold.hold}>
      <label>
        {t.hold.until}
        <input type="datetime-local" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
      </label>
      <label>
        {t.hold.reason}
        <input value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button type="submit" class="secondary" disabled={busy}>
        {t.hold.hold}
      </button>
    </form>
  );
}

/** "Em espera até 14:00" / "Em espera até o cliente escrever", from the chat's context. */
export function HoldNote({ t, hold }: { t: Texts; hold: unknown }) {
  const h = hold as { until?: string | null; reason?: string | null } | undefined;
  if (!h) return null;
  return (
    <p class="muted hold-note" data-testid="hold-note">
      {h.until ? `${t.hold.onHoldUntil} ${t.time(h.until)}` : t.hold.onHold}
      {h.reason ? ` · ${h.reason}` : ''}
    </p>
  );
}
