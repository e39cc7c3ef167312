import net from 'node:net';

/**
 * A loopback port nobody listens on, for servers that tests and the bench
 * start by port number (the Temporal dev server, its UI, the API).
 *
 * Not `listen(0)`: the kernel hands ports from its ephemeral range
 * (32768–60999 on Linux) to every outgoing connection too, so a port read
 * that way can be taken by some other socket in the seconds before the dev
 * server binds it, which failed CI once ("bind: address already in use").
 * Ports below that range are only ever taken by an explicit bind, so a random
 * one that binds now stays free.
 *
 * Never the same port twice in one process: a caller asks for several before
 * binding any (a stack's API, codec, Temporal and Web UI ports), and a port
 * drawn twice is taken by the first server when the second comes to bind it,
 * which failed CI once (the codec endpoint held the Web UI's port).
 */
const LOW = 20_000;
const HIGH = 32_767;
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} after 50 tries`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
