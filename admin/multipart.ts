// A small multipart/form-data reader for admin uploads (catalog import): fields and files held in
// memory, within UPLOAD_LIMIT. Enough for one spreadsheet; not for streaming large files.
import express, { type Request, type Response } from 'express';
import { HttpError } from '../core/errors';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

// A catalog workbook of a few hundred procedures is well under 1 MB; 5 MB leaves room for attachments.
export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

const rawParser = express.raw({ type: 'multipart/form-data', limit: UPLOAD_LIMIT_BYTES });

/** Reads the request body (once) and splits it into fields and files. */
export async function parseMultipart(req: Request, res: Response): Promise<MultipartBody> {
  if (!Buffer.isBuffer(req.body)) {
    await new Promise<void>((resolve, reject) => rawParser(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
  }
  const body = req.body as unknown;
  const type = req.get('content-type') ?? '';
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  if (!Buffer.isBuffer(body) || !m) throw new HttpError(400, 'multipart form expected', 'bad_request');
  return splitMultipart(body, (m[1] ?? m[2])!.trim());
}

export function splitMultipart(body: Buffer, boundary: string): MultipartBody {
  const out: MultipartBody = { fields: {}, files: [] };
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    start += 2; // CRLF after the boundary
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start, next - 2); // CRLF before the next boundary
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      if (name !== undefined) {
        if (filename !== undefined) out.files.push({ field: name, filename, contentType, data: Buffer.from(content) });
        else out.fields[name] = content.toString('utf8');
      }
    }
    pos = next;
  }
  return out;
}
