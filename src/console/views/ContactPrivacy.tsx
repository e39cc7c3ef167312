import { useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';

/**
 * A person's data rights on their contact page (docs/api.md, Privacy): the
 * export as a ZIP (supervisors, admins) and the erasure with a reason
 * (admins), which shows its receipt (counts only).
 */
export function ContactPrivacy({ api, t, id, isAdmin }: { api: Api; t: Texts; id: string; isAdmin: boolean }) {
  const [reason, setReason] = useState('');
  const [receipt, setReceipt] = useState<Record<string, unknown> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  async function exportData() {
    setFailed(null);
    try {
      const { blob, filename } = await api.download(`/api/v1/contacts/${encodeURIComponent(id)}/export`);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename ?? `contact-${id}.zip`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(t.privacy.exportFailed);
    }
  }

  async function erase(e: Event) {
    e.preventDefault();
    if (!window.confirm(t.privacy.confirmErase)) return;
    setFailed(null);
    try {
      setReceipt(
        await api.request<Record<string, unknown>>('POST', `/api/v1/contacts/${encodeURIComponent(id)}/erase`, {
          reason,
        }),
      );
    } catch {
      setFailed(t.privacy.eraseFailed);
    }
  }

  return (
    <section class="contact-privacy" aria-label={t.privacy.title}>
      <h3>{t.privacy.title}</h3>
      {receipt ? (
        <p role="status">
          {t.privacy.erased} <code>{JSON.stringify(receipt)}</code>
        </p>
      ) : (
        <>
          <button type="button" onClick={() => void exportData()}>
            {t.privacy.export}
          </button>
          {isAdmin && (
            <form onSubmit={(e) => void erase(e)}>
              <label>
                {t.privacy.reason}
                <input
                  value={reason}
                  minLength={3}
                  maxLength={500}
                  required
                  onInput={(e) => setReason(e.currentTarget.value)}
                />
              </label>
              <button type="submit" class="danger">
                {t.privacy.erase}
              </button>
            </form>
          )}
        </>
      )}
      {failed && (
        <p role="alert" class="error">
          {failed}
        </p>
      )}
    </section>
  );
}
