import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Texts } from '../i18n';
import type { Message } from '../types';

/** The channels' limit, checked by the server too (docs/api.md, Media): refused here before a byte is sent. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A file the attendant picked or dropped, as `POST /api/v1/chats/:id/messages` takes it. */
export type Attachment = { filename: string; mimeType: string; dataBase64: string; size: number };

/** Reads a picked or dropped file as the reply route's attachment; refuses it over the limit. */
export async function readAttachment(file: File, t: Texts): Promise<Attachment> {
  if (file.size > MAX_FILE_BYTES) throw new Error(t.fileTooLarge);
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(t.fileUnreadable));
    reader.readAsDataURL(file);
  });
  const dataBase64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  if (!dataBase64) throw new Error(t.fileUnreadable);
  // A type the browser does not know goes as bytes; the server serves only passive types as themselves.
  const mimeType = /^[a-z]+\/[A-Za-z0-9.+-]{1,100}$/.test(file.type) ? file.type : 'application/octet-stream';
  return { filename: file.name || 'arquivo', mimeType, dataBase64, size: file.size };
}

const sizeOf = (bytes: number | null) =>
  bytes === null
    ? ''
    : bytes < 1024 * 1024
      ? `${Math.ceil(bytes / 1024)} kB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A message's file in the thread: images shown, audio and video playable,
 * anything else a download link. The media route needs the bearer token, so
 * files come as blob URLs (which keep the type the server chose to serve).
 */
export function MessageFile({ message: m, api, t }: { message: Message; api: Api; t: Texts }) {
  const media = m.media!;
  const kind = /^(image|audio|video)\//.exec(media.mimeType ?? '')?.[1] ?? (m.type === 'sticker' ? 'image' : null);
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const name = media.filename ?? `${t.file}`;
  useEffect(() => {
    if (!kind) return;
    let gone = false;
    let made: string | null = null;
    api
      .mediaUrl(m.id)
      .then((u) => (gone ? URL.revokeObjectURL(u) : setUrl((made = u))))
      .catch(() => setFailed(true));
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [m.id, kind]);

  const download = async () => {
    try {
      const href = url ?? (await api.mediaUrl(m.id));
      const link = document.createElement('a');
      link.href = href;
      link.download = name;
      link.click();
    } catch {
      setFailed(true);
    }
  };

  return (
    <div class="message-file">
      {kind === 'image' && url && <img src={url} alt={media.filename ?? t.imageOf} class="preview" />}
      {kind === 'audio' && url && <audio controls src={url} aria-label={name} />}
      {kind === 'video' && url && <video controls src={url} aria-label={name} class="preview" />}
      <p class="small">
        <button type="button" class="link" onClick={() => void download()}>
          {t.download} {name}
        </button>{' '}
        <span class="muted">{sizeOf(media.size)}</span>
        {failed && <span class="error"> · {t.notFound}</span>}
      </p>
    </div>
  );
}
