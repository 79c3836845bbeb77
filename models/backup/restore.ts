// Restores a backup into an empty database (or, with force, one whose data is thrown away):
// schema by the migrations up to the backup's level, the rows in one transaction, sequences moved
// past the restored ids, then the remaining migrations of this program (an upgrade, as at start).
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db';
import { appliedMigrations, levelOf, migrateTo } from './migrations';
import { BackupFileError, parseHeader, type BackupHeader } from './format';
import { tablesInDependencyOrder } from './dump';

// Rows per INSERT, and a byte cap so one statement stays a few MB even with long message texts.
const INSERT_ROWS = 500;
const INSERT_BYTES = 4 * 1024 * 1024;

/** The target holds data; nothing was changed. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: { name: string; rows: number }[]) {
    super(
      `the target database already holds data (${tables.map((t) => `${t.name}: ${t.rows}`).join(', ')}). ` +
        'Restore into an empty DATA_DIR or an empty PostgreSQL database, or add --force to replace that data.',
    );
    this.name = 'TargetNotEmptyError';
  }
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables of the public schema that hold at least one row, with their counts. */
export async function tablesWithData(db: Db): Promise<{ name: string; rows: number }[]> {
  const found: { name: string; rows: number }[] = [];
  for (const name of await tablesInDependencyOrder(db)) {
    const [c] = await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${ident(name)}`));
    if (Number(c?.n)) found.push({ name, rows: Number(c!.n) });
  }
  return found;
}

/** Drops every table and the migration record: the store is as new. */
async function wipe(db: Db): Promise<void> {
  await db.execute(sql.raw('drop schema if exists drizzle cascade'));
  await db.execute(sql.raw('drop schema public cascade'));
  await db.execute(sql.raw('create schema public'));
}

export interface RestoreProgress {
  (e: { table: string; done: number; total: number }): void;
}

export interface RestoreResult {
  header: BackupHeader;
  tables: { name: string; rows: number }[];
  /** Migrations of this program applied after the data (the backup was older). */
  upgradedBy: number;
}

/**
 * Restores the lines of a backup. Refuses a target with data unless `force`; an empty target that
 * was already migrated is reset so the backup's level can be laid first.
 */
export async function restoreDatabase(
  database: Database,
  lines: AsyncIterable<string>,
  opts: { force?: boolean; progress?: RestoreProgress } = {},
): Promise<RestoreResult> {
  const { db } = database;
  const it = lines[Symbol.asyncIterator]();
  const next = async () => {
    const r = await it.next();
    return r.done ? undefined : r.value;
  };
  const header = parseHeader(await next());
  const level = await levelOf(header.migrations);

  const present = await tablesWithData(db);
  if (present.length && !opts.force) throw new TargetNotEmptyError(present);
  if ((await appliedMigrations(db)).length || present.length) await wipe(db);
  await migrateTo(database, level);

  const total = header.tables.reduce((s, t) => s + t.rows, 0);
  let done = 0;
  opts.progress?.({ table: '', done, total });
  const restored: { name: string; rows: number }[] = [];
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const known = new Set(await tablesInDependencyOrder(tx));
    for (;;) {
      const line = await next();
      if (line === undefined) throw new BackupFileError('the backup is cut short (no end line): nothing was restored');
      const marker = JSON.parse(line) as { table?: string; rows?: number; end?: boolean };
      if (marker.end) break;
      const name = marker.table;
      if (typeof name !== 'string' || typeof marker.rows !== 'number') throw new BackupFileError('unexpected line in the backup');
      if (!known.has(name)) throw new BackupFileError(`the backup has a table "${name}" that its migration level does not create`);
      const columns = (await rows<{ column_name: string }>(tx, sql`
        select column_name from information_schema.columns
        where table_schema = 'public' and table_name = ${name} and is_generated = 'NEVER'
        order by ordinal_position`)).map((c) => ident(c.column_name)).join(', ');
      let batch: string[] = [];
      let bytes = 0;
      const flush = async () => {
        if (!batch.length) return;
        // json_populate_recordset turns each JSON object back into the table's row type.
        await tx.execute(sql`insert into ${sql.raw(ident(name))} (${sql.raw(columns)})
          select ${sql.raw(columns)} from json_populate_recordset(null::${sql.raw(ident(name))}, ${'[' + batch.join(',') + ']'}::json)`);
        done += batch.length;
        opts.progress?.({ table: name, done, total });
        batch = [];
        bytes = 0;
      };
      for (let i = 0; i < marker.rows; i++) {
        const row = await next();
        if (row === undefined) throw new BackupFileError(`the backup is cut short in table ${name}: nothing was restored`);
        batch.push(row);
        bytes += row.length;
        if (batch.length >= INSERT_ROWS || bytes >= INSERT_BYTES) await flush();
      }
      await flush();
      restored.push({ name, rows: marker.rows });
    }
    await resetSequences(tx);
  });

  const before = (await appliedMigrations(db)).length;
  await database.migrate();
  const after = (await appliedMigrations(db)).length;
  return { header, tables: restored, upgradedBy: after - before };
}

/** Moves every serial's sequence past the largest id present (the next insert must not collide). */
export async function resetSequences(db: Db): Promise<void> {
  const serials = await rows<{ table_name: string; column_name: string }>(db, sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and column_default like 'nextval(%'`);
  for (const s of serials) {
    const t = ident(s.table_name);
    const c = ident(s.column_name);
    await db.execute(sql.raw(
      `select setval(pg_get_serial_sequence('${t}', '${s.column_name.replace(/'/g, "''")}'), coalesce((select max(${c}) from ${t}), 0) + 1, false)`,
    ));
  }
}
