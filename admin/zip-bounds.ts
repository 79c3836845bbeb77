// Bounds on an uploaded XLSX (a ZIP archive) before exceljs reads it (issue 18): a 1 MB zip bomb once
// took the process from 0.6 to 3.5 GB. The entries are counted and each one is inflated as a stream
// whose output is counted and dropped, so neither the declared sizes (which a bomb can fake) nor the
// real ones make the server hold more than a chunk of it; past MAX_UNZIPPED_BYTES it stops.
import { createInflateRaw } from 'node:zlib';

// A commune's catalog or dossier export is a few MB unzipped; 100 MB leaves room for a year of
// dossiers (about 20 000 rows) and stays far from what hurts a 1 GB server.
export const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;
// An XLSX has a dozen parts, plus one per sheet and image.
export const MAX_ZIP_ENTRIES = 1_000;

export class ZipBoundsError extends Error {
  constructor(
    readonly reason: 'too_large' | 'too_many_entries' | 'not_zip',
    readonly limitBytes = MAX_UNZIPPED_BYTES,
  ) {
    super(`zip archive refused: ${reason}`);
    this.name = 'ZipBoundsError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

/** Whether the bytes look like a ZIP archive (XLSX, DOCX …). */
export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LOCAL;
}

/** Throws ZipBoundsError when the archive would unzip to more than the limits. */
export async function checkZipBounds(buf: Buffer, limits = { bytes: MAX_UNZIPPED_BYTES, entries: MAX_ZIP_ENTRIES }): Promise<void> {
  const eocd = findEnd(buf);
  const entries = buf.readUInt16LE(eocd + 10);
  if (entries > limits.entries) throw new ZipBoundsError('too_many_entries', limits.bytes);
  let at = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw new ZipBoundsError('not_zip');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const declared = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    // ZIP64 sizes are never needed for a spreadsheet this server accepts.
    if (compressed === ZIP64_MARK || declared === ZIP64_MARK || local === ZIP64_MARK) throw new ZipBoundsError('too_large', limits.bytes);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw new ZipBoundsError('not_zip');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    const left = limits.bytes - total;
    if (method === 0) total += data.length;
    else if (method === 8) total += await inflatedLength(data, left);
    else throw new ZipBoundsError('not_zip');
    if (total > limits.bytes) throw new ZipBoundsError('too_large', limits.bytes);
  }
}

/** The inflated size of one entry, counted chunk by chunk; stops once past `left` (then larger than it). */
function inflatedLength(data: Buffer, left: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let n = 0;
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > left) {
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', () => reject(new ZipBoundsError('not_zip')));
    inflate.end(data);
  });
}

/** The end-of-central-directory record: in the last 22 bytes plus a comment of up to 64 KiB. */
function findEnd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  throw new ZipBoundsError('not_zip');
}
