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
import { startAtende } from './atende';

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
  const atende = await startAtende(receiver, { PROFILE_DIR: dir });
  try {
    const sample = await drive(atende.target, receiver, {
      customers,
      messages: 1,
      seconds,
    });
    console.log(`${customers} customers for ${seconds} s: ${(sample.answered / seconds).toFixed(1)} answered/s`);
  } finally {
    await atende.running.stop();
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
