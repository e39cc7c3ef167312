/** A Server-Sent Events client over fetch: frames parsed as the EventSource spec says, kept in order. */
export interface SseFrame {
  id: string | null;
  event: string;
  data: string;
}

export class SseClient {
  readonly frames: SseFrame[] = [];
  status = 0;
  headers: Headers | null = null;
  /** The server ended the stream (not the client closing it). */
  ended = false;
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const res = await fetch(url, { headers, signal: client.abort.signal });
    client.status = res.status;
    client.headers = res.headers;
    if (res.ok && res.body) client.done = client.read(res.body);
    else await res.body?.cancel();
    return client;
  }

  /** Frames of named events (comments and `retry:` lines are not events). */
  get events(): SseFrame[] {
    return this.frames.filter((f) => f.data !== '');
  }

  async waitFor(count: number, timeoutMs = 5_000): Promise<SseFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (Date.now() > deadline)
        throw new Error(`got ${this.events.length} events, wanted ${count}: ${JSON.stringify(this.events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.events;
  }

  /** Whether the server ends the stream within `timeoutMs`. */
  async waitForEnd(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.ended;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done.catch(() => undefined);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const frame: SseFrame = { id: null, event: 'message', data: '' };
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') frame.id = value;
          else if (field === 'event') frame.event = value;
          else if (field === 'data') frame.data += value;
        }
        this.frames.push(frame);
      }
    }
    this.ended = true;
  }
}
