/**
 * A stand-in for an API-channel customer's server: prints each outbound
 * message Atende POSTs to the channel's callbackUrl and checks its signature.
 *   npm run callback-echo -- <port> <channel secret>
 */
import http from 'node:http';
import { verifySignature } from '../src/channels/signature';

const port = Number(process.argv[2] ?? 4000);
const secret = process.argv[3] ?? '';

http
  .createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const signed = verifySignature(secret, raw, req.headers['x-atende-signature'] as string | undefined);
      console.log(
        `${new Date().toISOString()} ${req.method} ${req.url} signature ${signed ? 'valid' : 'INVALID'}\n${raw}\n`,
      );
      res.writeHead(signed ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
    });
  })
  .listen(port, '127.0.0.1', () => console.log(`callback-echo listening on http://127.0.0.1:${port}/callback`));
