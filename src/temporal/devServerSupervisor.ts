import { Connection } from '@temporalio/client';
import { startDevServer, type DevServer, type DevServerOptions } from './devServer';

/** Waits between restarts: 1 s, 2 s, 4 s … capped at 30 s. */
const backoffMs = (attempt: number) => Math.min(30_000, 1_000 * 2 ** (attempt - 1));

/** How the supervisor tells a frozen server from a live one. */
export interface LivenessOptions {
  /** A probe (getSystemInfo) starts this often. */
  intervalMs: number;
  /** Each probe's deadline. */
  timeoutMs: number;
  /** This many failed probes in a row, the process still alive: it is killed and restarted. */
  failures: number;
}

/** A server that answers nothing for about 15–20 s is frozen (SIGSTOP, a deadlock, swapped out). */
export const DEFAULT_LIVENESS: LivenessOptions = { intervalMs: 5_000, timeoutMs: 5_000, failures: 3 };

/**
 * Keeps the embedded Temporal dev server running: when it dies (killed,
 * crashed, out of memory), or stays alive but stops answering (frozen: see
 * LivenessOptions; it is then killed), it is started again on the same data
 * file and ports, with backoff. The worker and the client reconnect by
 * themselves; meanwhile webhooks answer 503 with Retry-After and channels
 * retry. When it cannot be brought back after `maxAttempts` tries in a row,
 * `onGiveUp` is told, so `npm start` exits non-zero and a process supervisor
 * takes over.
 *
 * Stopping comes first: `stopSupervising()` (synchronous, called from the
 * signal handler) makes sure a server that dies of the same Ctrl-C is not
 * brought back, and `stop()` cancels a restart under way, so nothing is left
 * running.
 */
export class DevServerSupervisor {
  private current: DevServer | null = null;
  private stopping = false;
  private restarts = 0;
  private restarting: Promise<void> | null = null;
  private readonly cancel = new AbortController();
  private readonly liveness: LivenessOptions;
  private probeConnection: Connection | null = null;
  private probeTimer: NodeJS.Timeout | undefined;
  private probeGeneration = 0;
  private failedProbes = 0;
  /** Why the current server was killed, when the supervisor killed it. */
  private killedBecause: string | null = null;

  constructor(
    private readonly options: DevServerOptions,
    private readonly hooks: {
      onRestart?: (attempt: number, reason: string) => void;
      onGiveUp: (err: Error) => void;
    },
    private readonly maxAttempts = 8,
    liveness: Partial<LivenessOptions> = {},
  ) {
    this.liveness = { ...DEFAULT_LIVENESS, ...liveness };
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** The first start: its failure is the caller's (PortInUseError when something holds the ports). */
  async start(): Promise<DevServer> {
    const server = await startDevServer(this.options, this.cancel.signal);
    this.adopt(server);
    return server;
  }

  /** How many times it has been brought back. */
  get restartCount(): number {
    return this.restarts;
  }

  /** Synchronous, first thing on shutdown: from now on nothing is restarted, and no probe kills anything. */
  stopSupervising(): void {
    this.stopping = true;
    this.cancel.abort();
    this.probeGeneration++;
    clearTimeout(this.probeTimer);
  }

  async stop(): Promise<void> {
    this.stopSupervising();
    // A restart under way is cancelled (its process stopped) before the current one is.
    await this.restarting;
    await this.current?.stop();
    await this.closeProbeConnection();
  }

  private adopt(server: DevServer): void {
    this.current = server;
    this.killedBecause = null;
    this.failedProbes = 0;
    void this.closeProbeConnection();
    this.watch(server);
    this.scheduleProbe(this.liveness.intervalMs);
  }

  private watch(server: DevServer): void {
    void server.exited.then((code) => {
      if (this.stopping || server !== this.current) return;
      this.probeGeneration++;
      clearTimeout(this.probeTimer);
      const reason = this.killedBecause ?? `exited with ${code ?? 'a signal'}`;
      this.restarting = this.bringBack(reason).finally(() => (this.restarting = null));
    });
  }

  private async bringBack(reason: string): Promise<void> {
    let lastError: Error = new Error(reason);
    for (let attempt = 1; attempt <= this.maxAttempts && !this.stopping; attempt++) {
      this.hooks.onRestart?.(attempt, attempt === 1 ? reason : lastError.message);
      await this.sleep(backoffMs(attempt));
      if (this.stopping) return;
      try {
        const server = await startDevServer(this.options, this.cancel.signal);
        if (this.stopping) {
          await server.stop();
          return;
        }
        this.restarts += 1;
        this.adopt(server);
        return;
      } catch (err) {
        if (this.stopping) return;
        lastError = err instanceof Error ? err : new Error(String(err));
      }
    }
    if (!this.stopping) this.hooks.onGiveUp(lastError);
  }

  /** Sleeps, ending early when stopping begins. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.cancel.signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private scheduleProbe(delayMs: number): void {
    clearTimeout(this.probeTimer);
    if (this.stopping) return;
    const generation = ++this.probeGeneration;
    this.probeTimer = setTimeout(() => void this.probe(generation), delayMs);
    this.probeTimer.unref();
  }

  /**
   * One liveness probe: getSystemInfo within a deadline. A server whose process
   * is alive but that fails `failures` probes in a row is killed (SIGKILL: a
   * frozen process ignores SIGTERM); its exit then restarts it as any death does.
   */
  private async probe(generation: number): Promise<void> {
    const server = this.current;
    if (this.stopping || !server || generation !== this.probeGeneration) return;
    const started = Date.now();
    let answered = false;
    try {
      this.probeConnection ??= Connection.lazy({ address: server.address });
      const connection = this.probeConnection;
      await connection.withDeadline(started + this.liveness.timeoutMs, () =>
        connection.workflowService.getSystemInfo({}),
      );
      answered = true;
    } catch {
      // counted below
    }
    if (this.stopping || generation !== this.probeGeneration || server !== this.current) return;
    if (answered) {
      this.failedProbes = 0;
    } else if (++this.failedProbes >= this.liveness.failures && server.running) {
      this.killedBecause = `did not answer ${this.failedProbes} liveness probes in a row (frozen?); killed it`;
      server.kill();
      return;
    }
    this.scheduleProbe(Math.max(0, this.liveness.intervalMs - (Date.now() - started)));
  }

  /** A new server gets a new connection: an old one may be backing off from the dead server. */
  private async closeProbeConnection(): Promise<void> {
    const connection = this.probeConnection;
    this.probeConnection = null;
    await connection?.close().catch(() => undefined);
  }
}
