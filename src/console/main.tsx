import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api } from './api';
import { savedLang, saveLang, texts, type Lang } from './i18n';
import type { Attendant } from './types';
import { Admin } from './views/admin/Admin';
import { AllChats } from './views/AllChats';
import { Inbox } from './views/Inbox';
import { Login } from './views/Login';
import { MetricsView } from './views/MetricsView';

type View = 'inbox' | 'all' | 'metrics' | 'admin';

const api = new Api();

function App() {
  const [lang, setLang] = useState<Lang>(savedLang());
  const t = useMemo(() => texts(lang), [lang]);
  const [me, setMe] = useState<Attendant | null>(null);
  const [restoring, setRestoring] = useState(true);
  const [view, setView] = useState<View>('inbox');
  // Bumped by every live event: the views reload what they show.
  const [tick, setTick] = useState(0);

  useEffect(() => {
    api.onSignedOut = () => setMe(null);
    void api.restore().then((restored) => {
      setMe(restored);
      setRestoring(false);
    });
  }, []);

  useEffect(() => {
    if (!me) return;
    // A burst of events (a message, its status, the answer) reloads once.
    let pending: ReturnType<typeof setTimeout> | null = null;
    const stop = api.events(() => {
      pending ??= setTimeout(() => {
        pending = null;
        setTick((n) => n + 1);
      }, 150);
    });
    return () => {
      stop();
      if (pending) clearTimeout(pending);
    };
  }, [me?.id]);

  const switchLang = () => {
    const next = lang === 'en' ? 'pt-BR' : 'en';
    saveLang(next);
    setLang(next);
  };

  if (restoring) return <p class="muted">…</p>;
  if (!me) return <Login api={api} t={t} onSignedIn={setMe} />;

  const supervisor = me.role === 'supervisor' || me.role === 'admin';
  const toggleAvailable = async () =>
    setMe(await api.request<Attendant>('PATCH', '/api/v1/me', { available: !me.available }));

  return (
    <>
      <header class="top">
        <strong>Atende</strong>
        <nav aria-label="Atende">
          <button type="button" aria-pressed={view === 'inbox'} onClick={() => setView('inbox')}>
            {t.inbox}
          </button>
          {supervisor && (
            <>
              <button type="button" aria-pressed={view === 'all'} onClick={() => setView('all')}>
                {t.allChats}
              </button>
              <button type="button" aria-pressed={view === 'metrics'} onClick={() => setView('metrics')}>
                {t.metrics}
              </button>
              <button type="button" aria-pressed={view === 'admin'} onClick={() => setView('admin')}>
                {t.admin}
              </button>
            </>
          )}
        </nav>
        <span class="spacer" />
        <label class="switch">
          <input type="checkbox" checked={me.available} onChange={() => void toggleAvailable()} />
          {me.available ? t.available : t.unavailable}
        </label>
        <span class="muted">{me.name}</span>
        <button type="button" class="secondary" onClick={switchLang}>
          {t.language}
        </button>
        <button type="button" class="secondary" onClick={() => api.logout()}>
          {t.signOut}
        </button>
      </header>
      <main>
        {view === 'inbox' && <Inbox api={api} t={t} tick={tick} />}
        {view === 'all' && supervisor && <AllChats api={api} t={t} tick={tick} />}
        {view === 'metrics' && supervisor && <MetricsView api={api} t={t} tick={tick} />}
        {view === 'admin' && supervisor && <Admin api={api} t={t} isAdmin={me.role === 'admin'} />}
      </main>
    </>
  );
}

saveLang(savedLang());
render(<App />, document.getElementById('app')!);
