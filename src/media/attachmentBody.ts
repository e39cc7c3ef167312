import { z } from 'zod';
import { MAX_MEDIA_BYTES } from './mediaStore';

/** Base64 of at most MAX_MEDIA_BYTES bytes (4 characters per 3 bytes). */
const MAX_BASE64_CHARS = Math.ceil(MAX_MEDIA_BYTES / 3) * 4;

/** A file an attendant sends (docs/api.md "Media"): named, typed, base64, ≤ 16 MB. */
export const AttachmentBody = z.object({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    // Control characters are exactly what a file name must not hold (header injection in Content-Disposition).
    // eslint-disable-next-line no-control-regex
    .regex(/^[^/\\\u0000-\u001f]+$/, 'must be a file name, without slashes or control characters'),
  mimeType: z.string().regex(/^[a-z]+\/[A-Za-z0-9.+-]{1,100}$/, 'must be a MIME type such as "application/pdf"'),
  dataBase64: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_BASE64_CHARS, `must decode to at most ${MAX_MEDIA_BYTES} bytes`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
});
export type AttachmentBody = z.infer<typeof AttachmentBody>;
