// Copies every row of one database into another, empty one (db:copy: the embedded store to a
// PostgreSQL server): a backup of the source to a temporary file, restored into the target in one
// transaction (schema by the same migrations, sequences set), then row counts compared per table.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db';
import { fileLines } from './format';
import { writeBackupFile } from './files';
import { restoreDatabase, type RestoreProgress } from './restore';
import type { DumpProgress } from './dump';

export interface CopyResult {
  tables: { name: string; source: number; target: number }[];
  /** True when every table has as many rows in the target as in the source. */
  same: boolean;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const r = (await db.execute(sql.raw(`select count(*)::int as n from "${table.replace(/"/g, '""')}"`))) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]?.n ?? 0);
}

export async function copyDatabase(
  source: Database,
  target: Database,
  opts: { force?: boolean; reading?: DumpProgress; writing?: RestoreProgress } = {},
): Promise<CopyResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'motcua-copy-'));
  try {
    const file = path.join(dir, 'copy.jsonl.gz');
    const header = await writeBackupFile(source, file, { progress: opts.reading });
    await restoreDatabase(target, fileLines(file), { force: opts.force, progress: opts.writing });
    const tables = [];
    for (const t of header!.tables) tables.push({ name: t.name, source: t.rows, target: await countRows(target.db, t.name) });
    return { tables, same: tables.every((t) => t.source === t.target) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
