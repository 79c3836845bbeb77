// Backup files on disk: written under a temporary name and renamed when complete (a crash never
// leaves a half file that looks whole), named by time, the oldest pruned past BACKUP_KEEP.
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db';
import { dumpDatabase, type DumpOptions } from './dump';
import { gzipFileSink, type BackupHeader } from './format';

export const BACKUP_SUFFIX = '.jsonl.gz';
// Nightly files and the ones taken before a migration share the folder; only nightly ones are pruned
// by count (a pre-migration backup is the way back from an upgrade and stays until removed by hand).
export const NIGHTLY_PREFIX = 'motcua-';
export const PRE_MIGRATION_PREFIX = 'pre-migration-';

/** 'motcua-2026-11-30T01-30-00Z.jsonl.gz': sorts by time, valid on every file system. */
export function backupFileName(prefix: string, at = new Date()): string {
  return `${prefix}${at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}${BACKUP_SUFFIX}`;
}

/** Writes a complete backup to `file`; null when the advisory lock was held elsewhere. */
export async function writeBackupFile(database: Database, file: string, opts: DumpOptions = {}): Promise<BackupHeader | null> {
  // Backups hold personal data (petitions): the folder is the service user's only.
  await mkdir(path.dirname(path.resolve(file)), { recursive: true, mode: 0o750 });
  const part = `${file}.part`;
  const sink = gzipFileSink(part);
  try {
    const header = await dumpDatabase(database, sink, opts);
    await sink.finish();
    if (!header) {
      await rm(part, { force: true });
      return null;
    }
    await rename(part, file);
    return header;
  } catch (e) {
    sink.abort();
    await rm(part, { force: true });
    throw e;
  }
}

/** Removes the oldest nightly backups beyond `keep` (0 keeps all); returns the removed names. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  if (keep <= 0) return [];
  const names = (await readdir(dir)).filter((n) => n.startsWith(NIGHTLY_PREFIX) && n.endsWith(BACKUP_SUFFIX)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const n of old) await rm(path.join(dir, n), { force: true });
  return old;
}
