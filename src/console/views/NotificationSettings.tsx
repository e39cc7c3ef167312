import { useState } from 'preact/hooks';
import type { Texts } from '../i18n';
import {
  askPermission,
  notificationsOn,
  setNotificationsOn,
  shouldOfferPermission,
  unlockSound,
} from '../notifications';

/**
 * In the top bar: the setting that turns notifications (desktop and sound)
 * on and off, kept in this browser, and, until answered once, the button
 * that asks the browser's permission (a click: browsers ask only on one).
 */
export function NotificationSettings({ t }: { t: Texts }) {
  const [on, setOn] = useState(notificationsOn());
  const [offer, setOffer] = useState(shouldOfferPermission());
  const toggle = () => {
    setNotificationsOn(!on);
    setOn(!on);
    unlockSound();
  };
  return (
    <>
      <label class="switch">
        <input type="checkbox" checked={on} onChange={toggle} />
        {t.notificationsSetting}
      </label>
      {on && offer && (
        <button type="button" class="secondary" onClick={() => void askPermission().finally(() => setOffer(false))}>
          {t.enableNotifications}
        </button>
      )}
    </>
  );
}
