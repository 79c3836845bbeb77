// Migration levels: which of this program's migrations a database (or a backup) has, applying only
// the first N of them, and whether the pending ones change tables that already hold data.
import { mkdtemp, readFile, rm, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, type Database, type Db } from '../db';
import type { AppliedMigration } from './format';
import { BackupFileError } from './format';

export interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

export async function readJournal(folder = MIGRATIONS_DIR): Promise<JournalEntry[]> {
  const j = JSON.parse(await readFile(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return j.entries;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Migrations recorded in the database, oldest first (none on a fresh store). */
export async function appliedMigrations(db: Db): Promise<AppliedMigration[]> {
  const [t] = await rows<{ ok: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!t?.ok) return [];
  const journal = await readJournal();
  const found = await rows<{ hash: string; created_at: string | number }>(
    db, sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`);
  return found.map((r) => {
    const when = Number(r.created_at);
    const tag = journal.find((e) => e.when === when)?.tag;
    return tag ? { when, hash: r.hash, tag } : { when, hash: r.hash };
  });
}

/**
 * How many of this program's migrations a backup's level is; throws when the backup was made by a
 * newer program (a migration this one does not know) so its data cannot be placed.
 */
export async function levelOf(applied: AppliedMigration[]): Promise<number> {
  const journal = await readJournal();
  applied.forEach((m, i) => {
    if (journal[i]?.when !== m.when) {
      throw new BackupFileError(
        `the backup was made at migration ${m.tag ?? m.when}, which this version of the program does not have: ` +
          'install the same or a newer version of the assistant, then restore',
      );
    }
  });
  return applied.length;
}

/** Applies the first `level` migrations only (a copy of the folder with a shortened journal). */
export async function migrateTo(database: Database, level: number): Promise<void> {
  const journal = await readJournal();
  if (level >= journal.length) return database.migrate();
  if (level === 0) return;
  const dir = await mkdtemp(path.join(tmpdir(), 'motcua-migrations-'));
  try {
    await mkdir(path.join(dir, 'meta'));
    const entries = journal.slice(0, level);
    for (const e of entries) await copyFile(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    const full = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...full, entries }));
    await database.migrate({ folder: dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Statements of a migration that touch a table by name: anything but creating a new table or index.
const TOUCHES_TABLE =
  /^\s*(?:ALTER\s+TABLE|DROP\s+TABLE|TRUNCATE(?:\s+TABLE)?|UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?:"?public"?\.)?"?([\w]+)"?/i;
const CHANGES_TYPE = /^\s*(?:ALTER|DROP)\s+TYPE\b/i;

/**
 * The pending migrations (in this program, not yet in the database) whose statements change a table
 * that exists now: those are worth a backup first. New tables and indexes are not.
 */
export async function pendingChangesToExistingTables(db: Db): Promise<{ pending: string[]; changing: string[] }> {
  const applied = new Set((await appliedMigrations(db)).map((m) => m.when));
  if (!applied.size) return { pending: [], changing: [] };
  const pending = (await readJournal()).filter((e) => !applied.has(e.when));
  const existing = new Set(
    (await rows<{ tablename: string }>(db, sql`select tablename from pg_tables where schemaname = 'public'`)).map((r) => r.tablename),
  );
  const changing: string[] = [];
  for (const e of pending) {
    const text = await readFile(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), 'utf8');
    const statements = text.split('--> statement-breakpoint');
    const touches = statements.some((s) => {
      const body = s.replace(/^\s*--.*$/gm, '');
      if (CHANGES_TYPE.test(body)) return true;
      const m = TOUCHES_TABLE.exec(body);
      return Boolean(m && existing.has(m[1]!));
    });
    if (touches) changing.push(e.tag);
  }
  return { pending: pending.map((e) => e.tag), changing };
}
