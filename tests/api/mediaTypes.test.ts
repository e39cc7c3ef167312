import { ApiApp } from '../helpers/apiApp';

// A message's file is served for download, never as a document of the
// console's own origin: a customer's HTML or SVG opened from the console
// (it opens files as blob URLs, which keep the response's type) must not run
// script there. Real app over HTTP, real SQLite file and media store.

const app = new ApiApp();
let token: string;
let channelId: string;
let chatId: string;
let n = 0;

beforeAll(async () => {
  await app.start();
  ({ token } = await app.as('admin'));
  channelId = (await app.db.channel.create({ data: { type: 'api', name: 'c' } })).id;
  const contact = await app.db.contact.create({
    data: { name: 'Customer', identities: { create: { channelId, externalId: 'x' } } },
  });
  chatId = (
    await app.db.chat.create({
      data: {
        id: 'chat-1',
        workflowId: 'chat-1',
        channelId,
        externalChatId: 'chat-1',
        contactId: contact.id,
        status: 'bot',
        startedAt: new Date(),
      },
    })
  ).id;
});
afterAll(() => app.stop());

/** A customer's message carrying `bytes`, as the channel described them. */
async function messageWithFile(bytes: string, file: { mimeType?: string; filename?: string }) {
  const sha256 = await app.deps.channels.media.put(Buffer.from(bytes));
  const id = `m-${++n}`;
  await app.db.message.create({
    data: {
      id,
      chatId,
      channelId,
      sender: 'customer',
      content: '',
      createdAt: new Date(),
      media: JSON.stringify({ sha256, ...file }),
    },
  });
  return id;
}

const SCRIPT = '<script>fetch("/api/v1/chats",{headers:{authorization:localStorage.token}})</script>';

test.each([
  ['text/html', 'page.html', `<html><body>${SCRIPT}</body></html>`],
  ['text/html; charset=utf-8', 'page.htm', SCRIPT],
  ['image/svg+xml', 'cat.svg', `<svg xmlns="http://www.w3.org/2000/svg">${SCRIPT}</svg>`],
  ['application/xhtml+xml', 'page.xhtml', `<html xmlns="http://www.w3.org/1999/xhtml">${SCRIPT}</html>`],
  ['text/xml', 'data.xml', `<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>`],
  ['application/xml', 'data.xml', '<?xml version="1.0"?><a/>'],
  ['TEXT/HTML', 'shout.html', SCRIPT],
  ['application/x-unknown-thing', 'blob.bin', SCRIPT],
  [undefined, 'no-type.html', SCRIPT],
  [undefined, undefined, SCRIPT],
])('%s (%s) → application/octet-stream, attachment, sandboxed', async (mimeType, filename, bytes) => {
  const id = await messageWithFile(bytes, { ...(mimeType ? { mimeType } : {}), ...(filename ? { filename } : {}) });
  const res = await app.request('GET', `/api/v1/messages/${id}/media`, { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/octet-stream');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.body).toBe(bytes);
});

test.each([
  ['image/jpeg', 'photo.jpg'],
  ['image/png', 'photo.png'],
  ['audio/ogg; codecs=opus', 'voice.ogg'],
  ['video/mp4', 'clip.mp4'],
  ['application/pdf', 'invoice.pdf'],
  ['text/plain', 'notes.txt'],
])('%s keeps its type, still as an attachment and sandboxed', async (mimeType, filename) => {
  const id = await messageWithFile('bytes', { mimeType, filename });
  const res = await app.request('GET', `/api/v1/messages/${id}/media`, { token });
  expect(res.status).toBe(200);
  // Its essence: parameters go (Koa adds a charset to text).
  expect(res.headers.get('content-type')!.split(';')[0]).toBe(mimeType.split(';')[0]);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`);
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
});
