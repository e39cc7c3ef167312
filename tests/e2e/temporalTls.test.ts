import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { NativeConnection } from '@temporalio/worker';
import { generate } from 'selfsigned';
import { ConfigError, loadConfig } from '../../src/config/env';
import { connectClient } from '../../src/runtime';
import { temporalConnectionOptions } from '../../src/temporal/connectionOptions';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { freePort } from '../helpers/stack';

// Temporal over mutual TLS, as a self-hosted cluster or Temporal Cloud asks:
// the client (the API) and the worker's native connection both reach the
// server through a TLS front that demands a client certificate signed by its
// CA. The dev server speaks no TLS, so a TLS-terminating proxy stands in for
// the cluster's frontend; gRPC runs unchanged inside.

const SERVER_NAME = 'temporal.atende.test';

let dir: string;
let temporal: DevServer;
let front: tls.Server;
let frontAddress: string;
const files: Record<'ca' | 'cert' | 'key' | 'rogueCert' | 'rogueKey', string> = {
  ca: '',
  cert: '',
  key: '',
  rogueCert: '',
  rogueKey: '',
};

async function certificateAuthority(name: string) {
  return generate([{ name: 'commonName', value: name }], {
    algorithm: 'sha256',
    keyType: 'ec',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
}

async function signedBy(ca: { private: string; cert: string }, name: string, usage: 'serverAuth' | 'clientAuth') {
  return generate([{ name: 'commonName', value: name }], {
    algorithm: 'sha256',
    keyType: 'ec',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', [usage]: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: name }] },
    ],
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-tls-'));
  temporal = await startDevServer({
    dataDir: path.join(dir, 'temporal'),
    host: '127.0.0.1',
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
  });
  const ca = await certificateAuthority('Atende test CA');
  const server = await signedBy(ca, SERVER_NAME, 'serverAuth');
  const client = await signedBy(ca, 'atende-worker', 'clientAuth');
  const rogueCa = await certificateAuthority('Someone else');
  const rogue = await signedBy(rogueCa, 'atende-worker', 'clientAuth');
  const write = (name: string, pem: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, pem);
    return file;
  };
  files.ca = write('ca.pem', ca.cert);
  files.cert = write('client.pem', client.cert);
  files.key = write('client.key', client.private);
  files.rogueCert = write('rogue.pem', rogue.cert);
  files.rogueKey = write('rogue.key', rogue.private);

  const [host, port] = temporal.address.split(':') as [string, string];
  front = tls.createServer(
    {
      key: server.private,
      cert: server.cert,
      ca: ca.cert,
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      const upstream = net.connect(Number(port), host);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    },
  );
  front.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontAddress = `127.0.0.1:${(front.address() as net.AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => front?.close(resolve));
  await temporal?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

const configWith = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: path.join(dir, 'data'), TEMPORAL_TLS_SERVER_NAME: SERVER_NAME, ...env });

test('the API client and the worker connection reach Temporal over mutual TLS with the configured certificate', async () => {
  const config = configWith({ TEMPORAL_TLS_CERT: files.cert, TEMPORAL_TLS_KEY: files.key, TEMPORAL_TLS_CA: files.ca });
  const client = await connectClient(config, frontAddress);
  try {
    const described = await client.workflowService.describeNamespace({ namespace: 'default' });
    expect(described.namespaceInfo?.name).toBe('default');
  } finally {
    await client.connection.close();
  }
  const worker = await NativeConnection.connect(temporalConnectionOptions(config, frontAddress));
  try {
    const described = await worker.workflowService.describeNamespace({ namespace: 'default' });
    expect(described.namespaceInfo?.name).toBe('default');
  } finally {
    await worker.close();
  }
}, 60_000);

test.each([
  ['without a client certificate', () => ({ TEMPORAL_TLS_CA: files.ca })],
  [
    'with a certificate another CA signed',
    () => ({ TEMPORAL_TLS_CERT: files.rogueCert, TEMPORAL_TLS_KEY: files.rogueKey, TEMPORAL_TLS_CA: files.ca }),
  ],
  [
    "trusting only the system's CAs (the server's CA is private)",
    () => ({ TEMPORAL_TLS_CERT: files.cert, TEMPORAL_TLS_KEY: files.key }),
  ],
])(
  'the connection is refused %s',
  async (_, env) => {
    const options = temporalConnectionOptions(configWith(env()), frontAddress);
    await expect(NativeConnection.connect(options)).rejects.toThrow(/transport error|certificate|tls|handshake|connection/i);
  },
  60_000,
);

test('a certificate without its key, or an unreadable file, stops start-up naming the variable', () => {
  expect(() => configWith({ TEMPORAL_TLS_CERT: files.cert })).toThrow(
    /TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY: a client certificate needs its key/,
  );
  const config = configWith({ TEMPORAL_TLS_CERT: files.cert, TEMPORAL_TLS_KEY: path.join(dir, 'missing.key') });
  expect(() => temporalConnectionOptions(config, frontAddress)).toThrow(ConfigError);
  expect(() => temporalConnectionOptions(config, frontAddress)).toThrow(
    /TEMPORAL_TLS_KEY: cannot read .*missing\.key \(ENOENT\)/,
  );
});

test('without TLS settings the connection is plain; an API key alone means TLS with the system CAs', () => {
  expect(temporalConnectionOptions(loadConfig({ DATA_DIR: dir }), '127.0.0.1:7233')).toEqual({
    address: '127.0.0.1:7233',
  });
  expect(
    temporalConnectionOptions(loadConfig({ DATA_DIR: dir, TEMPORAL_API_KEY: 'k-123' }), 'x.tmprl.cloud:7233'),
  ).toEqual({
    address: 'x.tmprl.cloud:7233',
    tls: true,
    apiKey: 'k-123',
  });
});
