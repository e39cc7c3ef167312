import type { Receiver, Target } from './load';
import { freePort, runTsx, startTsx, type Running } from './processes';

const ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };
/** The API channel's secret (the baseline's channel uses it too). */
export const API_CHANNEL_SECRET = 'bench-channel-secret-0123456789';

export interface BenchAtende {
  running: Running;
  baseUrl: string;
  /** The embedded dev server's port (unused when `env` names a TEMPORAL_ADDRESS). */
  temporalPort: number;
  /** The API channel, whose callbacks go to the receiver. */
  target: Target;
  /** A POST made as the first admin; the JSON answer. */
  asAdmin(url: string, body: unknown): Promise<Record<string, string>>;
}

/**
 * Atende as `npm start` runs it (fresh DATA_DIR, free ports, `env` added),
 * with the demo knowledge base seeded and an API channel whose callbacks go
 * to `receiver`: what every benchmark script drives.
 */
export async function startAtende(receiver: Receiver, env: Record<string, string> = {}): Promise<BenchAtende> {
  const [port, temporalPort, uiPort, codecPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const running = await startTsx('src/bin/main.ts', 'Atende is running', {
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    CODEC_PORT: String(codecPort),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  try {
    await runTsx('scripts/seed.ts', { DATA_DIR: running.dataDir, DATABASE_URL: '' });
    const baseUrl = `http://127.0.0.1:${port}`;
    const post = async (url: string, body: unknown, token?: string) => {
      const res = await fetch(`${baseUrl}${url}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      return (await res.json()) as Record<string, string>;
    };
    const { accessToken } = await post('/api/v1/auth/login', ADMIN);
    const asAdmin = (url: string, body: unknown) => post(url, body, accessToken);
    const channel = await asAdmin('/api/v1/channels', {
      type: 'api',
      name: 'bench',
      secret: API_CHANNEL_SECRET,
      callbackUrl: receiver.url,
    });
    return {
      running,
      baseUrl,
      temporalPort,
      target: { baseUrl, channelId: channel.id!, secret: API_CHANNEL_SECRET },
      asAdmin,
    };
  } catch (err) {
    await running.stop();
    throw err;
  }
}
