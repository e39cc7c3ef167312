import { useState } from 'preact/hooks';
import { ApiError, type Api } from '../api';
import type { Texts } from '../i18n';
import { CodeField } from './CodeField';
import type { Attendant } from '../types';

/** Sign-in: e-mail and password, then (2FA on) a code from the app or a recovery code. */
export function Login({ api, t, onSignedIn }: { api: Api; t: Texts; onSignedIn: (me: Attendant) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void attempt(async () => {
      const answer = await api.login(email, password);
      if ('challengeToken' in answer) {
        setChallenge(answer.challengeToken);
        setCode('');
      } else onSignedIn(answer);
    });
  };
  const verify = (e: Event) => {
    e.preventDefault();
    void attempt(async () =>
      onSignedIn(
        await api.loginSecondStep(challenge!, recovery ? { recoveryCode: code.trim() } : { code: code.trim() }),
      ),
    );
  };

  const errorLine = error && (
    <p role="alert" class="error">
      {error}
    </p>
  );

  if (challenge)
    return (
      <main class="login">
        <form onSubmit={verify} aria-labelledby="login-title">
          <h1 id="login-title">Atende</h1>
          <p class="muted">{recovery ? t.security.recoveryCode : t.security.codeHint}</p>
          <CodeField
            label={recovery ? t.security.recoveryCode : t.security.code}
            value={code}
            onInput={setCode}
            letters={recovery}
          />
          {errorLine}
          <button type="submit" disabled={busy}>
            {t.security.verify}
          </button>
          <button type="button" class="secondary" onClick={() => setRecovery(!recovery)}>
            {recovery ? t.security.useApp : t.security.useRecovery}
          </button>
          <button type="button" class="secondary" onClick={() => setChallenge(null)}>
            {t.security.back}
          </button>
        </form>
      </main>
    );

  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Atende</h1>
        <label>
          {t.email}
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          {t.password}
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {errorLine}
        <button type="submit" disabled={busy}>
          {t.signIn}
        </button>
      </form>
    </main>
  );
}

/** `#/reset-password/<token>`: the link an admin handed over; a new password, then sign in. */
export function ResetPassword({ api, t, token }: { api: Api; t: Texts; token: string }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.resetPassword(token, password);
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="reset-title">
        <h1 id="reset-title">{t.security.resetTitle}</h1>
        {done ? (
          <>
            <p role="status">{t.security.resetDone}</p>
            <a href="#/inbox">{t.signIn}</a>
          </>
        ) : (
          <>
            <label>
              {t.security.newPassword}
              <input
                type="password"
                name="new-password"
                autocomplete="new-password"
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </label>
            {error && (
              <p role="alert" class="error">
                {error}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {t.security.setPassword}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
