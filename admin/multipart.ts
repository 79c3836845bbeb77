// multipart/form-data for admin uploads (catalog, dossier and rating imports), read by busboy: fields
// and files held in memory within UPLOAD_LIMIT_BYTES, and a ZIP (XLSX) checked against the unzip
// bounds of admin/zip-bounds.ts before anything else reads it.
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { HttpError } from '../core/errors';
import { adminT } from './render';
import { checkZipBounds, isZip, ZipBoundsError } from './zip-bounds';

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
// An import form has a file and a few fields.
const MAX_FILES = 5;
const MAX_FIELDS = 50;

type Refusal = 'too_large' | 'bad_form';

/** Reads a multipart stream into fields and files, or says which limit it broke. */
export function readMultipart(stream: Readable, headers: Record<string, string | string[] | undefined>): Promise<MultipartBody | Refusal> {
  return new Promise((resolve) => {
    const out: MultipartBody = { fields: {}, files: [] };
    let refused: Refusal | null = null;
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: headers as never, limits: { fileSize: UPLOAD_LIMIT_BYTES, files: MAX_FILES, fields: MAX_FIELDS } });
    } catch {
      return resolve('bad_form');
    }
    bb.on('field', (name, value) => {
      out.fields[name] = value;
    });
    bb.on('file', (field, file, info) => {
      const chunks: Buffer[] = [];
      file.on('data', (c: Buffer) => chunks.push(c));
      file.on('limit', () => {
        refused = 'too_large';
      });
      file.on('end', () => {
        out.files.push({ field, filename: info.filename ?? '', contentType: info.mimeType, data: Buffer.concat(chunks) });
      });
    });
    bb.on('filesLimit', () => (refused = 'too_large'));
    bb.on('fieldsLimit', () => (refused = 'bad_form'));
    bb.on('error', () => resolve('bad_form'));
    bb.on('close', () => resolve(refused ?? out));
    stream.pipe(bb);
  });
}

/** Reads the request's form; refuses (HttpError, in the staff member's language) what breaks a bound. */
export async function parseMultipart(req: Request, _res?: Response): Promise<MultipartBody> {
  const t = req.admin?.t ?? adminT('vi');
  if (req.is('multipart/form-data') !== 'multipart/form-data') throw new HttpError(400, t('errors.bad_request'), 'bad_request');
  const body = await readMultipart(req, req.headers);
  if (body === 'too_large') throw new HttpError(413, t('errors.upload_too_large', { mb: UPLOAD_LIMIT_BYTES / 1024 / 1024 }), 'upload_too_large');
  if (body === 'bad_form') throw new HttpError(400, t('errors.bad_request'), 'bad_request');
  for (const file of body.files) {
    if (!isZip(file.data)) continue;
    try {
      await checkZipBounds(file.data);
    } catch (e) {
      if (!(e instanceof ZipBoundsError)) throw e;
      if (e.reason === 'not_zip') continue; // the importer says it cannot read it
      throw new HttpError(413, t('errors.xlsx_too_large', { file: file.filename, mb: e.limitBytes / 1024 / 1024 }), 'xlsx_too_large');
    }
  }
  return body;
}
