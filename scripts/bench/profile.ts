/**
 * `npm run bench:profile [-- <customers> <seconds>]`: Atende under the
 * "32 customers" load with V8's CPU profiler on (node --cpu-prof), then the
 * share of CPU time of each thread by package. The profiles stay in the
 * printed folder for Chrome DevTools.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drive, startReceiver } from './load';
import { freePort, runTsx, startTsx } from './processes';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a sampled frame belongs: an npm package, a folder of ours, or a V8/Node pseudo-frame. */
function owner(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url.includes('node_modules/')) {
    const parts = url.split('node_modules/').at(-1)!.split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm://')) return 'wasm (Prisma query compiler)';
  if (url.includes('workflow-bundle')) return 'workflow bundle';
  const ours = /\/(src|workflows|activities|scripts)\//.exec(url);
  if (ours) return `${ours[1]}/`;
  if (url) return 'other';
  return functionName.startsWith('(') ? functionName : `(${functionName || 'native'})`;
}

function summarise(file: string): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    all += us;
    const key = owner(byId.get(id)!.callFrame);
    totals.set(key, (totals.get(key) ?? 0) + us);
  });
  const busy = all - (totals.get('(idle)') ?? 0);
  if (busy === 0) return [`${path.basename(file)}: idle`];
  return [
    `${path.basename(file)}: ${(all / 1e6).toFixed(1)} s sampled, ${((busy / all) * 100).toFixed(0)} % busy`,
    ...[...totals.entries()]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(
        ([k, v]) =>
          `  ${((v / busy) * 100).toFixed(1).padStart(5)} % of busy time  ${k.length > 60 ? `${k.slice(0, 57)}...` : k}`,
      ),
  ];
}

async function main(): Promise<void> {
  const customers = Number(process.argv[2] ?? 32);
  const seconds = Number(process.argv[3] ?? 15);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-profile-'));
  const receiver = await startReceiver();
  const [port, temporalPort, uiPort, codecPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const admin = { email: 'profile@example.com', password: 'profile-password-1' };
  const running = await startTsx('src/bin/main.ts', 'Atende is running', {
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    CODEC_PORT: String(codecPort),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    PROFILE_DIR: dir,
  });
  try {
    await runTsx('scripts/seed.ts', { DATA_DIR: running.dataDir, DATABASE_URL: '' });
    const baseUrl = `http://127.0.0.1:${port}`;
    const post = async (url: string, body: unknown, token?: string) =>
      (await (
        await fetch(`${baseUrl}${url}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        })
      ).json()) as Record<string, string>;
    const { accessToken } = await post('/api/v1/auth/login', admin);
    const secret = 'profile-channel-secret-0123456789';
    const channel = await post(
      '/api/v1/channels',
      { type: 'api', name: 'profile', secret, callbackUrl: receiver.url },
      accessToken,
    );
    const sample = await drive({ baseUrl, channelId: channel.id!, secret }, receiver, {
      customers,
      messages: 1,
      seconds,
    });
    console.log(`${customers} customers for ${seconds} s: ${(sample.answered / seconds).toFixed(1)} answered/s`);
  } finally {
    await running.stop();
    await receiver.close();
  }
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    console.log(summarise(path.join(dir, file)).join('\n'));
  }
  console.log(`profiles (start-up included): ${dir}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
