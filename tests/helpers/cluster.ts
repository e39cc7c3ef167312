import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startCluster, stopCluster, type ClusterState } from '../../scripts/cluster/temporalCluster';
import { startCallbackReceiver } from './callbackReceiver';
import { SplitStack } from './splitStack';

/** 31 consecutive loopback ports nobody listens on: a cluster's ports all come from one base. */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const ports = Array.from({ length: 31 }, (_, i) => base + i);
    if ((await Promise.all(ports.map(bindable))).every(Boolean)) return base;
  }
  throw new Error('no free range of 31 ports');
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A throwaway local Temporal cluster (scripts/cluster): four services on PostgreSQL. */
export async function startTestCluster(): Promise<{ state: ClusterState; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-cluster-'));
  const state = await startCluster({ dir, portBase: await freeBase() });
  return {
    state,
    stop: async () => {
      await stopCluster(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The cluster tests' common ground: a throwaway cluster, a callback receiver
 * for the API channel's answers, and Atende split as production runs it (two
 * workers, API processes) on the cluster's Temporal and PostgreSQL.
 */
export async function startClusterStack(): Promise<{
  cluster: { state: ClusterState; stop: () => Promise<void> };
  stack: SplitStack;
  receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  stop: () => Promise<void>;
}> {
  const cluster = await startTestCluster();
  const receiver = await startCallbackReceiver();
  const stack = new SplitStack();
  await stack.start({
    workers: 2,
    temporalAddress: cluster.state.temporalAddress,
    databaseUrl: cluster.state.databaseUrl,
  });
  return {
    cluster,
    stack,
    receiver,
    stop: async () => {
      await stack.stop();
      await receiver.close();
      await cluster.stop();
    },
  };
}
