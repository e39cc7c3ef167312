import { startDevServer, type DevServer, type DevServerOptions } from './devServer';

/** Waits between restarts: 1 s, 2 s, 4 s … capped at 30 s. */
const backoffMs = (attempt: number) => Math.min(30_000, 1_000 * 2 ** (attempt - 1));

/**
 * Keeps the embedded Temporal dev server running: when it dies (killed,
 * crashed, out of memory), it is started again on the same data file and
 * ports, with backoff. The worker and the client reconnect by themselves;
 * meanwhile webhooks answer 503 with Retry-After and channels retry. When it
 * cannot be brought back after `maxAttempts` tries in a row, `onGiveUp` is
 * told, so `npm start` exits non-zero and a process supervisor takes over.
 */
export class DevServerSupervisor {
  private current: DevServer | null = null;
  private stopping = false;
  private restarts = 0;

  constructor(
    private readonly options: DevServerOptions,
    private readonly hooks: {
      onRestart?: (attempt: number, reason: string) => void;
      onGiveUp: (err: Error) => void;
    },
    private readonly maxAttempts = 8,
  ) {}

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** The first start: its failure is the caller's. */
  async start(): Promise<DevServer> {
    this.current = await startDevServer(this.options);
    this.watch(this.current);
    return this.current;
  }

  /** How many times it has been brought back. */
  get restartCount(): number {
    return this.restarts;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.current?.stop();
  }

  private watch(server: DevServer): void {
    void server.exited.then((code) => {
      if (this.stopping || server !== this.current) return;
      void this.bringBack(`exited with ${code ?? 'a signal'}`);
    });
  }

  private async bringBack(reason: string): Promise<void> {
    let lastError: Error = new Error(reason);
    for (let attempt = 1; attempt <= this.maxAttempts && !this.stopping; attempt++) {
      this.hooks.onRestart?.(attempt, attempt === 1 ? reason : lastError.message);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
      if (this.stopping) return;
      try {
        this.current = await startDevServer(this.options);
        this.restarts += 1;
        this.watch(this.current);
        return;
      } catch (err) {
        lastError = err instanceof Error ? err : new Error(String(err));
      }
    }
    if (!this.stopping) this.hooks.onGiveUp(lastError);
  }
}
