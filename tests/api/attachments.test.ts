import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KeptAttachment } from '../../src/media/keepAttachment';
import { MediaStore } from '../../src/media/mediaStore';
import { sweepOrphanMedia } from '../../src/media/orphans';
import { ApiApp } from '../helpers/apiApp';

// An attendant's file is kept only for a command that goes through: a reply
// the access policy or the chat's workflow refuses leaves nothing on disk,
// and files no message names are swept once old. Real HTTP, a real SQLite
// file and the real DATA_DIR/media folder.

const app = new ApiApp();
let me: { id: string; token: string };
let channelId: string;
let n = 0;

const HOUR = 60 * 60 * 1000;
const mediaDir = () => path.join(app.database.dir, 'media');
const files = () => (fs.existsSync(mediaDir()) ? fs.readdirSync(mediaDir()).sort() : []);
const media = () => app.deps.channels.media;
const attachment = (data: Buffer) => ({
  filename: 'fatura.pdf',
  mimeType: 'application/pdf',
  dataBase64: data.toString('base64'),
});
/** Backdates a file of the media folder by `ms`. */
function age(name: string, ms: number) {
  const then = new Date(Date.now() - ms);
  fs.utimesSync(path.join(mediaDir(), name), then, then);
}
/** A stored message naming the file, as the worker records an attendant's reply with its attachment. */
async function messageNaming(sha256: string) {
  await app.db.message.create({
    data: {
      id: `m-${++n}`,
      chatId: 'mine',
      channelId,
      sender: 'attendant',
      attendantId: me.id,
      content: '',
      type: 'document',
      createdAt: new Date(),
      media: JSON.stringify({ sha256, mimeType: 'application/pdf', filename: 'fatura.pdf', size: 1 }),
    },
  });
}

beforeAll(async () => {
  await app.start();
  me = await app.as('attendant', { department: 'vendas', maxConcurrent: 5 });
  const other = await app.as('attendant', { department: 'vendas' });
  ({ channelId } = await app.seedChats({
    mine: { attendantId: me.id },
    theirs: { attendantId: other.id },
    'queued-here': { status: 'transferred', queuedAt: new Date(), department: 'vendas' },
  }));
});
afterAll(() => app.stop());

describe('a reply the access policy refuses keeps no file', () => {
  test('a chat they may read but not reply to (queued in their department): 409, nothing written', async () => {
    const before = files();
    const res = await app.request('POST', '/api/v1/chats/queued-here/messages', {
      token: me.token,
      body: { content: 'segue', attachment: attachment(randomBytes(1024 * 1024)) },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('not_assignee');
    expect(files()).toEqual(before);
  });

  test("another attendant's chat: 404, nothing written", async () => {
    const before = files();
    const res = await app.request('POST', '/api/v1/chats/theirs/messages', {
      token: me.token,
      body: { attachment: attachment(randomBytes(1024 * 1024)) },
    });
    expect(res.status).toBe(404);
    expect(files()).toEqual(before);
  });
});

describe("a file kept for a command the chat's workflow then refuses", () => {
  test('is removed when this command wrote it and nothing else names it', async () => {
    const kept = await KeptAttachment.keep(media(), attachment(randomBytes(4096)));
    expect(files()).toContain(kept.file.sha256);
    await kept.refused(app.db);
    expect(files()).not.toContain(kept.file.sha256);
  });

  test('stays when a stored message names the same file, even one this command wrote', async () => {
    const data = randomBytes(4096);
    const sha256 = await media().put(data);
    await messageNaming(sha256);
    const kept = await KeptAttachment.keep(media(), attachment(data));
    await kept.refused(app.db);
    expect(files()).toContain(sha256);

    // A message names bytes whose file is not there yet (a customer's, fetched on demand): this command writes it.
    const more = randomBytes(4096);
    await messageNaming(createHash('sha256').update(more).digest('hex'));
    const wrote = await KeptAttachment.keep(media(), attachment(more));
    await wrote.refused(app.db);
    expect(files()).toContain(wrote.file.sha256);
  });

  test('stays while another command of the same bytes is in flight; one accepted keeps it there', async () => {
    const data = randomBytes(4096);
    const first = await KeptAttachment.keep(media(), attachment(data));
    const second = await KeptAttachment.keep(media(), attachment(data));
    await first.refused(app.db);
    expect(files()).toContain(first.file.sha256);
    await second.accepted();
    second.release();
    expect(files()).toContain(first.file.sha256);
  });

  test('an accepted command puts its file back if a refusal elsewhere removed it', async () => {
    const data = randomBytes(4096);
    const kept = await KeptAttachment.keep(media(), attachment(data));
    await media().remove(kept.file.sha256);
    await kept.accepted();
    kept.release();
    expect(await media().read(kept.file.sha256)).toEqual(data);
  });
});

describe('the sweep of orphan files', () => {
  test('removes old files no message names; keeps named, fresh and in-flight ones', async () => {
    const orphan = await media().put(randomBytes(2048));
    const named = await media().put(randomBytes(2048));
    const fresh = await media().put(randomBytes(2048));
    const inFlight = await KeptAttachment.keep(media(), attachment(randomBytes(2048)));
    const reused = randomBytes(2048);
    const again = await media().put(reused);
    await messageNaming(named);
    for (const name of [orphan, named, inFlight.file.sha256, again]) age(name, 2 * HOUR);
    fs.writeFileSync(path.join(mediaDir(), '.crashed.part'), 'half a file');
    age('.crashed.part', 2 * HOUR);
    // The same bytes kept again for a new command: the old file is as fresh as that command.
    await media().put(reused);

    const removed = await sweepOrphanMedia(app.db, media(), { olderThanMs: HOUR });
    expect(removed.sort()).toEqual(['.crashed.part', orphan].sort());
    const left = files();
    expect(left).not.toContain(orphan);
    expect(left).toEqual(expect.arrayContaining([named, fresh, inFlight.file.sha256, again]));
    inFlight.release();
  });

  test('a media folder not made yet is nothing to sweep', async () => {
    const none = new MediaStore(path.join(app.database.dir, 'no-media-yet'));
    expect(await sweepOrphanMedia(app.db, none, { olderThanMs: HOUR })).toEqual([]);
  });
});
