// Reads an uploaded catalog file into import rows, with the knowledge module's reader (the same
// formats as `npm run catalog:import`: JSON rows, {procedures: [...]}, national-portal records;
// CSV/XLSX with English or Vietnamese headers and the compact fee syntax; see knowledge/README.md).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCatalogFile } from '../knowledge/catalog-files';

export class CatalogFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogFileError';
  }
}

const EXTENSIONS = new Set(['.json', '.csv', '.xlsx']);

export async function readCatalogUpload(data: Buffer, filename: string): Promise<Record<string, unknown>[]> {
  const ext = path.extname(filename).toLowerCase();
  if (!EXTENSIONS.has(ext)) throw new CatalogFileError(`không đọc được loại tệp "${ext || filename}": dùng .json, .csv hoặc .xlsx`);
  // The reader works on paths; the upload lives in a private temporary folder for the call.
  const dir = await mkdtemp(path.join(tmpdir(), 'catalog-upload-'));
  try {
    const file = path.join(dir, `upload${ext}`);
    await writeFile(file, data);
    return await readCatalogFile(file);
  } catch (e) {
    if (e instanceof CatalogFileError) throw e;
    if ((e as Error).name === 'CatalogError') throw e;
    // exceljs and csv-parse errors: a damaged or mislabelled file.
    throw new CatalogFileError((e as Error).message);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
