import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import { CodeField } from './CodeField';
import { useAction } from './admin/parts';

interface Status {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  required: boolean;
}
interface Setup {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

/** `GET /api/v1/me/2fa`, for the top bar (REQUIRE_ADMIN_2FA holds an admin here until they enrol). */
export const twoFactorStatus = (api: Api) => api.request<Status>('GET', '/api/v1/me/2fa');

/**
 * My security: two-step verification (TOTP). Setup shows the QR code and the
 * key, a code confirms it, and the ten recovery codes are shown once; turning
 * it off asks for the password and a code.
 */
export function Security({ api, t, onChange }: { api: Api; t: Texts; onChange?: (s: Status) => void }) {
  const s = t.security;
  const [status, setStatus] = useState<Status | null>(null);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  const reload = async () => {
    const next = await twoFactorStatus(api);
    setStatus(next);
    onChange?.(next);
  };
  useEffect(() => void reload(), []);

  const start = () => run(async () => setSetup(await api.request<Setup>('POST', '/api/v1/me/2fa/setup')));
  const confirm = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const answer = await api.request<{ recoveryCodes: string[] }>('POST', '/api/v1/me/2fa/confirm', {
        code: code.trim(),
      });
      setSetup(null);
      setCode('');
      setCodes(answer.recoveryCodes);
    });
  };
  const disable = (e: Event) => {
    e.preventDefault();
    const second = /^\d{6}$/.test(code.trim()) ? { code: code.trim() } : { recoveryCode: code.trim() };
    void run(async () => {
      await api.request('POST', '/api/v1/me/2fa/disable', { password, ...second });
      setCode('');
      setPassword('');
      await reload();
    });
  };

  if (!status) return <p class="muted">…</p>;
  return (
    <section class="security" aria-labelledby="security-title">
      <h2 id="security-title">{s.title}</h2>
      {status.required && !status.enabled && (
        <p role="alert" class="error">
          {s.required}
        </p>
      )}
      <h3>{s.twoFactor}</h3>
      <p>
        <strong>{status.enabled ? s.twoFactorOn : s.twoFactorOff}</strong>
        {status.enabled && (
          <span class="muted">
            {' '}
            · {s.recoveryLeft}: {status.recoveryCodesLeft}
          </span>
        )}
      </p>
      {codes && (
        <div class="recovery-codes" role="region" aria-label={s.recoveryCode}>
          <p>{s.saveCodes}</p>
          <ul>
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              setCodes(null);
              void reload();
            }}
          >
            {s.done}
          </button>
        </div>
      )}
      {!status.enabled && !setup && !codes && (
        <button type="button" disabled={busy} onClick={() => void start()}>
          {s.setUp}
        </button>
      )}
      {setup && (
        <form onSubmit={confirm}>
          <p>{s.scan}</p>
          <img src={setup.qrCode} alt="QR code" width={200} height={200} />
          <p>
            {s.secretKey}: <code data-testid="totp-secret">{setup.secret}</code>
          </p>
          <CodeField label={s.code} value={code} onInput={setCode} />
          <button type="submit" disabled={busy}>
            {s.confirm}
          </button>
        </form>
      )}
      {status.enabled && !codes && (
        <form onSubmit={disable}>
          <h3>{s.disable}</h3>
          <label>
            {s.currentPassword}
            <input
              type="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          {/* The app's code or a recovery code: either turns it off. */}
          <CodeField label={s.code} value={code} onInput={setCode} letters />
          <button type="submit" class="secondary" disabled={busy}>
            {s.disable}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
