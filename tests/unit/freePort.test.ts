import net from 'node:net';
import { freePort } from '../../scripts/freePort';

/**
 * Stacks ask for their four ports before binding any: the same port twice
 * would leave the second server unable to bind (the codec endpoint once held
 * the Web UI's port on CI).
 */
test('one process is never handed the same port twice, and each binds', async () => {
  const ports: number[] = [];
  // 1,000 draws from ~12,800 ports repeat one almost surely (birthday bound) unless the helper remembers.
  for (let i = 0; i < 1_000; i++) ports.push(await freePort());
  expect(new Set(ports).size).toBe(ports.length);
  for (const port of ports) {
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_768);
  }
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ports[ports.length - 1], '127.0.0.1', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
});
