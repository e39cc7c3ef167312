/**
 * A multipart/form-data reader for the fakes. Hand-written because grammY
 * writes `filename=name` without quotes, which the platform's FormData
 * parser refuses, and a fake must accept what the real Bot API accepts.
 */
export interface MultipartParts {
  fields: Record<string, string>;
  files: Record<string, { name: string; type: string; data: Buffer }>;
}

export function parseMultipart(contentType: string, body: Buffer): MultipartParts {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error('multipart body without a boundary');
  const parts: MultipartParts = { fields: {}, files: {} };
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(headers);
    if (filename) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
      parts.files[name] = { name: filename[1] ?? filename[2]!.trim(), type, data: Buffer.from(content) };
    } else {
      parts.fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return parts;
}
