import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api } from './api';
import { savedLang, saveLang, texts, type Lang } from './i18n';
import { parseRoute, routeHash, type Route } from './records';
import type { Attendant, MentionData } from './types';
import { MentionNotices } from './views/Notes';
import { CsatLowNotices, type CsatLowNotice } from './views/CsatLowNotices';
import { Admin } from './views/admin/Admin';
import { AllChats } from './views/AllChats';
import { CannedResponses } from './views/CannedResponses';
import { ContactPage, Contacts } from './views/Contacts';
import { Inbox } from './views/Inbox';
import { Login, ResetPassword } from './views/Login';
import { Security, twoFactorStatus } from './views/Security';
import { MetricsView } from './views/MetricsView';
import { SearchBox, SearchResults } from './views/Search';
import { onReadChange, useUnreadTitle } from './readState';
import { notifier } from './notifications';
import { NotificationSettings } from './views/NotificationSettings';

type View = 'inbox' | 'contacts' | 'all' | 'metrics' | 'admin' | 'canned' | 'security';

/** The screen in the location hash (#/contacts/…, #/chats/…, #/search?q=…), kept in step with it. */
function useRoute(): Route {
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

const go = (route: Route) => (location.hash = routeHash(route));

const api = new Api();

function App() {
  const [lang, setLang] = useState<Lang>(savedLang());
  const t = useMemo(() => texts(lang), [lang]);
  const [me, setMe] = useState<Attendant | null>(null);
  const [restoring, setRestoring] = useState(true);
  const route = useRoute();
  // Bumped by every live event: the views reload what they show.
  const [tick, setTick] = useState(0);
  // `note.mentioned` events for me, shown as notices until opened or dismissed.
  const [mentions, setMentions] = useState<(MentionData & { id: string })[]>([]);
  // `csat.low` events (a rating of 2 or less), shown to supervisors until opened or dismissed.
  const [lowRatings, setLowRatings] = useState<CsatLowNotice[]>([]);

  useEffect(() => {
    api.onSignedOut = () => setMe(null);
    void api.restore().then((restored) => {
      setMe(restored);
      setRestoring(false);
    });
  }, []);

  // Read state: a read that cleared a badge reloads the lists; the title counts my unread messages.
  useEffect(() => onReadChange(() => setTick((n) => n + 1)), []);
  useUnreadTitle(api, me?.id ?? null, tick);
  const textsNow = useRef(t);
  textsNow.current = t;

  // REQUIRE_ADMIN_2FA: an admin without 2FA sees only its enrolment until it is on.
  // null until known: the live events wait for it (the API refuses them to such an admin).
  const [enrolFirst, setEnrolFirst] = useState<boolean | null>(null);
  useEffect(() => {
    setEnrolFirst(null);
    if (me)
      void twoFactorStatus(api)
        .then((s) => setEnrolFirst(s.required && !s.enabled))
        .catch(() => setEnrolFirst(false));
  }, [me?.id]);

  useEffect(() => {
    if (!me || enrolFirst !== false) return;
    // A burst of events (a message, its status, the answer) reloads once.
    let pending: ReturnType<typeof setTimeout> | null = null;
    const notify = notifier(
      api,
      me.id,
      () => textsNow.current,
      (id) => go({ view: 'chat', id }),
    );
    const stop = api.events((e) => {
      void notify(e);
      if (e.type === 'note.mentioned' && e.data) {
        const mention = { ...(e.data as MentionData), id: e.id };
        setMentions((shown) => (shown.some((m) => m.id === e.id) ? shown : [...shown, mention].slice(-5)));
      }
      if (e.type === 'csat.low' && (me.role === 'supervisor' || me.role === 'admin')) {
        const low = { id: e.id, chatId: e.chatId, rating: Number(e.data?.rating) };
        setLowRatings((shown) => (shown.some((n) => n.id === e.id) ? shown : [...shown, low].slice(-5)));
      }
      pending ??= setTimeout(() => {
        pending = null;
        setTick((n) => n + 1);
      }, 150);
    });
    return () => {
      stop();
      if (pending) clearTimeout(pending);
    };
  }, [me?.id, enrolFirst]);

  const switchLang = () => {
    const next = lang === 'en' ? 'pt-BR' : 'en';
    saveLang(next);
    setLang(next);
  };

  if (route.view === 'reset' && !me) return <ResetPassword api={api} t={t} token={route.token} />;
  if (restoring) return <p class="muted">…</p>;
  if (!me) return <Login api={api} t={t} onSignedIn={setMe} />;

  const supervisor = me.role === 'supervisor' || me.role === 'admin';
  // Which top-bar button is pressed: a chat opens in the inbox, a contact under contacts.
  const view: View | null =
    route.view === 'chat'
      ? 'inbox'
      : route.view === 'contact'
        ? 'contacts'
        : route.view === 'search' || route.view === 'reset'
          ? null
          : route.view;
  const tab = (v: View, label: string) => (
    <button type="button" aria-pressed={view === v} onClick={() => go({ view: v })}>
      {label}
    </button>
  );
  const toggleAvailable = async () =>
    setMe(await api.request<Attendant>('PATCH', '/api/v1/me', { available: !me.available }));

  return (
    <>
      <header class="top">
        <strong>Atende</strong>
        <nav aria-label="Atende">
          {tab('inbox', t.inbox)}
          {tab('contacts', t.contacts)}
          {tab('canned', t.cannedResponses)}
          {supervisor && (
            <>
              {tab('all', t.allChats)}
              {tab('metrics', t.metrics)}
              {tab('admin', t.admin)}
            </>
          )}
        </nav>
        <SearchBox t={t} q={route.view === 'search' ? route.q : ''} />
        <span class="spacer" />
        <label class="switch">
          <input type="checkbox" checked={me.available} onChange={() => void toggleAvailable()} />
          {me.available ? t.available : t.unavailable}
        </label>
        <NotificationSettings t={t} />
        <span class="muted">{me.name}</span>
        <button
          type="button"
          class="secondary"
          aria-pressed={route.view === 'security'}
          onClick={() => go({ view: 'security' })}
        >
          {t.security.title}
        </button>
        <button type="button" class="secondary" onClick={switchLang}>
          {t.language}
        </button>
        <button type="button" class="secondary" onClick={() => api.logout()}>
          {t.signOut}
        </button>
      </header>
      <MentionNotices
        t={t}
        notices={mentions}
        onOpen={(chatId) => {
          setMentions((shown) => shown.filter((m) => m.chatId !== chatId));
          go({ view: 'chat', id: chatId });
        }}
        onDismiss={(id) => setMentions((shown) => shown.filter((m) => m.id !== id))}
      />
      <CsatLowNotices
        t={t}
        notices={lowRatings}
        onOpen={(chatId) => {
          setLowRatings((shown) => shown.filter((n) => n.chatId !== chatId));
          go({ view: 'chat', id: chatId });
        }}
        onDismiss={(id) => setLowRatings((shown) => shown.filter((n) => n.id !== id))}
      />
      <main>
        {(route.view === 'security' || enrolFirst) && (
          <Security api={api} t={t} onChange={(s) => setEnrolFirst(s.required && !s.enabled)} />
        )}
        {enrolFirst ? null : (
          <>
            {(route.view === 'inbox' || route.view === 'chat') && (
              <Inbox
                api={api}
                t={t}
                tick={tick}
                selected={route.view === 'chat' ? route.id : null}
                onSelect={(id) => go({ view: 'chat', id })}
              />
            )}
            {route.view === 'contacts' && <Contacts api={api} t={t} tick={tick} />}
            {route.view === 'contact' && <ContactPage api={api} t={t} id={route.id} tick={tick} />}
            {route.view === 'search' && <SearchResults api={api} t={t} q={route.q} type={route.type} />}
            {route.view === 'canned' && <CannedResponses api={api} t={t} />}
            {route.view === 'all' && supervisor && <AllChats api={api} t={t} tick={tick} />}
            {route.view === 'metrics' && supervisor && <MetricsView api={api} t={t} tick={tick} />}
            {route.view === 'admin' && supervisor && <Admin api={api} t={t} isAdmin={me.role === 'admin'} />}
          </>
        )}
      </main>
    </>
  );
}

saveLang(savedLang());
render(<App />, document.getElementById('app')!);
