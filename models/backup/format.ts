// The backup file: gzipped JSON lines, readable on either engine and by a person with zcat.
//   line 1        header: format, version, time, source engine, migration level, tables and row counts
//   then per table, in dependency order: {"table": name, "rows": N} followed by N row objects
//                 (PostgreSQL's row_to_json: timestamps ISO 8601, bytea hex, jsonb as JSON)
//   last line     {"end": true, "tables": K, "rows": total}: a file without it was cut short.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';

export const BACKUP_FORMAT = 'motcua-backup';
export const BACKUP_VERSION = 1;

export interface AppliedMigration {
  /** The journal's `when` of the migration (drizzle keeps it as created_at). */
  when: number;
  /** sha256 of the migration's SQL, as drizzle records it. */
  hash: string;
  /** The migration's file name without .sql, when this program knows it. */
  tag?: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  engine: 'pglite' | 'postgres';
  migrations: AppliedMigration[];
  tables: { name: string; rows: number }[];
}

export interface BackupTrailer {
  end: true;
  tables: number;
  rows: number;
}

/** Raised for a file that is not a backup, is cut short, or does not fit this program. */
export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

/** A sink of lines with back-pressure: awaits when the stream's buffer is full. */
export interface LineSink {
  write(line: string): Promise<void>;
}

export function lineSink(stream: Writable): LineSink {
  return {
    async write(line) {
      if (!stream.write(line + '\n')) await once(stream, 'drain');
    },
  };
}

/** A gzip stream writing to `path`; `finish()` flushes and closes the file. */
export function gzipFileSink(path: string): LineSink & { finish(): Promise<void>; abort(): void } {
  const file = createWriteStream(path, { mode: 0o600 });
  const gzip = createGzip();
  gzip.pipe(file);
  const failed = new Promise<never>((_, reject) => {
    file.once('error', reject);
    gzip.once('error', reject);
  });
  failed.catch(() => undefined);
  const sink = lineSink(gzip);
  return {
    write: (line) => Promise.race([sink.write(line), failed]),
    async finish() {
      gzip.end();
      await Promise.race([once(file, 'close'), failed]);
    },
    abort() {
      gzip.destroy();
      file.destroy();
    },
  };
}

/** The lines of a gzipped stream, one by one. */
export async function* gunzipLines(input: Readable): AsyncGenerator<string> {
  const gunzip = createGunzip();
  input.pipe(gunzip);
  input.once('error', (e) => gunzip.destroy(e));
  const lines = createInterface({ input: gunzip, crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line) yield line;
  } catch (e) {
    throw new BackupFileError(`cannot read the backup (${(e as Error).message}): is it a .jsonl.gz file written by db:backup?`);
  }
}

export function fileLines(path: string): AsyncGenerator<string> {
  return gunzipLines(createReadStream(path));
}

export function parseHeader(line: string | undefined): BackupHeader {
  let h: Partial<BackupHeader> | undefined;
  try {
    h = line ? (JSON.parse(line) as Partial<BackupHeader>) : undefined;
  } catch {
    h = undefined;
  }
  if (!h || h.format !== BACKUP_FORMAT) throw new BackupFileError('not a backup of this assistant (no motcua-backup header)');
  if (h.version !== BACKUP_VERSION) {
    throw new BackupFileError(`backup format version ${h.version} is not known to this program (it reads ${BACKUP_VERSION}): upgrade the program`);
  }
  return h as BackupHeader;
}

/** Reads a whole file and checks its structure; returns the header (used after a download). */
export async function verifyBackupFile(path: string): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  let expected = 0;
  let table: string | undefined;
  let tables = 0;
  for await (const line of fileLines(path)) {
    if (!header) {
      header = parseHeader(line);
      continue;
    }
    if (expected > 0) {
      expected--;
      continue;
    }
    const marker = JSON.parse(line) as { table?: string; rows?: number; end?: boolean };
    if (marker.end) {
      if (tables !== header.tables.length) throw new BackupFileError(`the backup holds ${tables} tables, its header says ${header.tables.length}`);
      return header;
    }
    if (typeof marker.table !== 'string' || typeof marker.rows !== 'number') {
      throw new BackupFileError(`unexpected line after table ${table ?? '(none)'}`);
    }
    table = marker.table;
    expected = marker.rows;
    tables++;
  }
  throw new BackupFileError('the backup is cut short (no end line): take it again');
}
