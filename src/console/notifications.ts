import type { Api } from './api';
import type { Texts } from './i18n';
import type { ChatDetail, LiveEvent } from './types';

/**
 * Desktop notifications and a sound when a chat is assigned to me or a
 * customer writes in one of my chats, only while the tab is hidden (the
 * attendant sees the rest on screen; Chatwoot #5403). Off by a setting kept
 * in this browser; the permission is asked once, on a click.
 */
const SETTING_KEY = 'atende.notifications';
const ASKED_KEY = 'atende.notifications.asked';

export function notificationsOn(): boolean {
  return localStorage.getItem(SETTING_KEY) !== 'off';
}

export function setNotificationsOn(on: boolean): void {
  localStorage.setItem(SETTING_KEY, on ? 'on' : 'off');
}

const supported = () => typeof Notification !== 'undefined';

/** Whether to offer "Ativar notificações": supported, not yet answered, and not asked before. */
export function shouldOfferPermission(): boolean {
  return supported() && Notification.permission === 'default' && localStorage.getItem(ASKED_KEY) === null;
}

/** Asks for the permission (call from a click); the answer is remembered, so the offer is made once. */
export async function askPermission(): Promise<NotificationPermission | 'unsupported'> {
  unlockSound();
  if (!supported()) return 'unsupported';
  localStorage.setItem(ASKED_KEY, '1');
  return Notification.requestPermission();
}

let audio: AudioContext | null = null;

/** Browsers let a page play sound only after a gesture: the context is made (or resumed) on one. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
}

/** A short two-note chime, made with WebAudio at runtime (no file to fetch). */
export function playChime(): void {
  if (!audio) return;
  try {
    const start = audio.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      const at = start + i * 0.12;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.3);
    }
  } catch {
    // No sound is no reason to miss the notification.
  }
}

/**
 * Reads the live events for what concerns `me`: `chat.assigned` to me, and
 * `message.created` by a customer in a chat I hold (checked through the API,
 * which the event does not say). Only while the tab is hidden and the
 * setting is on; one notification per chat at a time (its tag).
 */
export function notifier(api: Api, me: string, t: () => Texts, open: (chatId: string) => void) {
  // Any click unlocks the chime for later (the tab may be hidden when it plays).
  document.addEventListener('pointerdown', unlockSound, { once: true });
  const show = (chatId: string, title: string, body: string) => {
    playChime();
    if (!supported() || Notification.permission !== 'granted') return;
    const n = new Notification(title, { body, tag: `atende-${chatId}` });
    n.onclick = () => {
      window.focus();
      open(chatId);
      n.close();
    };
  };
  return async (e: LiveEvent): Promise<void> => {
    if (!notificationsOn() || document.visibilityState !== 'hidden' || !e.chatId) return;
    const assignedToMe = e.type === 'chat.assigned' && e.data?.attendantId === me;
    const customerWrote = e.type === 'message.created' && e.data?.sender === 'customer';
    if (!assignedToMe && !customerWrote) return;
    const chat = await api
      .request<ChatDetail>('GET', `/api/v1/chats/${encodeURIComponent(e.chatId)}`)
      .catch(() => null);
    if (!chat || chat.attendantId !== me) return;
    const who = chat.contact.name ?? chat.contact.phone ?? chat.protocol ?? chat.id.slice(0, 8);
    const texts = t();
    if (assignedToMe) return show(chat.id, texts.notifyAssigned, who);
    const message = chat.messages.find((m) => m.id === e.data?.messageId);
    show(chat.id, `${texts.notifyMessage} ${who}`, (message?.content ?? '').slice(0, 140));
  };
}
