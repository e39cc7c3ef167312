import type { Texts } from '../i18n';

/** A `csat.low` live event: a customer rated the service 2 or less. */
export type CsatLowNotice = { id: string; chatId: string; rating: number };

/** Supervisors' toasts of low satisfaction ratings; each opens its chat or is dismissed. */
export function CsatLowNotices({
  t,
  notices,
  onOpen,
  onDismiss,
}: {
  t: Texts;
  notices: CsatLowNotice[];
  onOpen: (chatId: string) => void;
  onDismiss: (id: string) => void;
}) {
  if (notices.length === 0) return null;
  return (
    <section class="mention-notices csat-low-notices" role="alert" aria-label={t.csatLow}>
      {notices.map((n) => (
        <div key={n.id} class="mention-notice csat-low-notice">
          <button type="button" class="link" onClick={() => onOpen(n.chatId)}>
            <strong>{t.csatLow}</strong> {t.csatLowOf(n.rating)}
          </button>
          <button type="button" class="secondary" aria-label={t.dismiss} onClick={() => onDismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
