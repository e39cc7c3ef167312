import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: {
    type: string;
    data: { id: string; conversation_id: string; content: string; sender: string; kind?: string; csat?: string };
  };
}

/**
 * A local HTTP server standing in for an API-channel customer's callbackUrl.
 * `respond` decides each answer's status (default 200), so tests can make it fail.
 */
export async function startCallbackReceiver(respond: (n: number) => number = () => 200) {
  const received: ReceivedCallback[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      attempts += 1;
      const status = respond(attempts);
      if (status >= 200 && status < 300) received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
