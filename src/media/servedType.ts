/**
 * Types a browser shows as passive content (an image, a player, a PDF
 * viewer, plain text) or only ever saves: none of them can be a document
 * that runs script. A file of any other declared type (text/html,
 * image/svg+xml, application/xhtml+xml, text/xml, application/xml, or
 * anything unknown) is served as application/octet-stream: the console
 * opens files as blob URLs, which keep the response's type and the
 * console's origin, so a customer's HTML or SVG must never keep its own.
 */
const PASSIVE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/avif',
  'image/heic',
  'image/heif',
  'audio/aac',
  'audio/amr',
  'audio/mp4',
  'audio/mpeg',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/webm',
  'video/3gpp',
  'video/mp4',
  'video/mpeg',
  'video/ogg',
  'video/quicktime',
  'video/webm',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/** The Content-Type a message's file is served with: its own type's essence if passive, else octet-stream. */
export function servedMediaType(declared: string | undefined): string {
  const essence = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return PASSIVE_TYPES.has(essence) ? essence : 'application/octet-stream';
}

/** A file is never a document of ours: no script, no plugin, no subresource, a unique origin. */
export const MEDIA_CSP = "default-src 'none'; sandbox";
