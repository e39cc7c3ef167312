import { PassThrough } from 'node:stream';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import type { MediaStore } from '../media/mediaStore';
import { presentContactRecord } from '../contacts/contactStore';
import type { MediaFile } from '../../workflows/types';

/** A file of the export: where it is in the ZIP and what it is. */
interface ExportedFile {
  path: string;
  sha256: string;
  messageId: string;
  chatId: string;
  mimeType: string | null;
  size: number | null;
}

/** What the export holds, before any byte is written (the audit entry counts it). */
export interface ContactExport {
  contactId: string;
  chats: number;
  messages: number;
  notes: number;
  files: number;
  /** Writes the ZIP into a stream (ctx.body). */
  stream(): PassThrough;
}

/** A name safe inside a ZIP: no folders, no dots at the start, at most 80 characters. */
function safeName(name: string): string {
  const clean = [...name]
    .map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c))
    .join('')
    .replace(/^\.+/, '_');
  return clean.slice(-80) || 'file';
}

/**
 * A person's data as the LGPD's access right asks (art. 18, II): one ZIP with
 * contact.json (the contact, its identities and where its fields came from),
 * chats/<protocol or id>.json (each chat's facts, messages, notes, status
 * history, rating and feedback), files/<sha256 prefix>-<name> (the files of
 * their messages) and index.json listing everything. Only their rows: the
 * attendants who wrote appear as `attendant`, never by name.
 */
export async function buildContactExport(db: Db, media: MediaStore, contactId: string): Promise<ContactExport | null> {
  const contact = await db.contact.findFirst({
    where: { id: contactId, erasedAt: null },
    include: { identities: { include: { channel: { select: { type: true, name: true } } } } },
  });
  if (!contact) return null;
  const chats = await db.chat.findMany({
    where: { contactId },
    include: {
      channel: { select: { type: true, name: true } },
      messages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      notes: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      statusChanges: { orderBy: { seq: 'asc' } },
    },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
  });

  const files: ExportedFile[] = [];
  const seen = new Set<string>();
  const chatEntries = chats.map((chat) => {
    const path = `chats/${safeName(chat.protocol ?? chat.id)}.json`;
    const messages = chat.messages.map((m) => {
      const file = m.media ? readJsonColumn<MediaFile>(m.media, {}) : null;
      let filePath: string | null = null;
      if (file?.sha256 && media.has(file.sha256)) {
        filePath = `files/${file.sha256.slice(0, 12)}-${safeName(file.filename ?? m.type)}`;
        if (!seen.has(filePath)) {
          seen.add(filePath);
          files.push({
            path: filePath,
            sha256: file.sha256,
            messageId: m.id,
            chatId: chat.id,
            mimeType: file.mimeType ?? null,
            size: file.size ?? null,
          });
        }
      }
      return {
        id: m.id,
        sender: m.sender,
        type: m.type,
        content: m.content,
        createdAt: m.createdAt.toISOString(),
        deliveryStatus: m.deliveryStatus,
        file: file ? { mimeType: file.mimeType ?? null, filename: file.filename ?? null, path: filePath } : null,
      };
    });
    const document = {
      chat: {
        id: chat.id,
        protocol: chat.protocol,
        channel: { type: chat.channel.type, name: chat.channel.name },
        status: chat.status,
        priority: chat.priority,
        subject: chat.subject,
        department: chat.department,
        tags: readJsonColumn<string[]>(chat.tags, []),
        startedAt: chat.startedAt.toISOString(),
        firstResponseAt: chat.firstResponseAt?.toISOString() ?? null,
        closedAt: chat.closedAt?.toISOString() ?? null,
        rating: chat.rating,
        feedback: chat.feedback,
      },
      statusHistory: chat.statusChanges.map((s) => ({
        at: s.at.toISOString(),
        from: s.from,
        to: s.to,
        actor: s.actor.startsWith('attendant:') ? 'attendant' : s.actor,
        note: s.note,
      })),
      messages,
      notes: chat.notes.map((n) => ({
        id: n.id,
        kind: n.kind,
        content: n.content,
        createdAt: n.createdAt.toISOString(),
      })),
    };
    return { path, document, summary: { id: chat.id, protocol: chat.protocol, path, messages: messages.length } };
  });

  const contactDocument = {
    contact: presentContactRecord(contact),
    identities: contact.identities.map((i) => ({
      channelId: i.channelId,
      channelType: i.channel.type,
      channelName: i.channel.name,
      externalId: i.externalId,
      createdAt: i.createdAt.toISOString(),
    })),
  };
  const messages = chats.reduce((n, c) => n + c.messages.length, 0);
  const notes = chats.reduce((n, c) => n + c.notes.length, 0);
  const index = {
    contactId,
    exportedAt: new Date().toISOString(),
    contact: 'contact.json',
    chats: chatEntries.map((c) => c.summary),
    files: files.map(({ path, sha256, messageId, chatId, mimeType, size }) => ({
      path,
      sha256,
      messageId,
      chatId,
      mimeType,
      size,
    })),
  };

  return {
    contactId,
    chats: chats.length,
    messages,
    notes,
    files: files.length,
    stream() {
      const out = new PassThrough();
      const zip = new Zip((err, chunk, final) => {
        if (err) out.destroy(err);
        else {
          out.write(chunk);
          if (final) out.end();
        }
      });
      const json = (path: string, value: unknown) => {
        const entry = new ZipDeflate(path, { level: 6 });
        zip.add(entry);
        entry.push(strToU8(`${JSON.stringify(value, null, 2)}\n`), true);
      };
      void (async () => {
        json('index.json', index);
        json('contact.json', contactDocument);
        for (const chat of chatEntries) json(chat.path, chat.document);
        // Files go stored as they are (images, audio and PDFs are compressed already), a chunk at a time.
        for (const file of files) {
          const entry = new ZipPassThrough(file.path);
          zip.add(entry);
          for await (const chunk of media.stream(file.sha256)) entry.push(chunk as Uint8Array);
          entry.push(new Uint8Array(0), true);
        }
        zip.end();
      })().catch((err: unknown) => out.destroy(err as Error));
      return out;
    },
  };
}
