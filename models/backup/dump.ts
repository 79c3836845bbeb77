// Writes a consistent backup of every table: one read-only snapshot (REPEATABLE READ) on PostgreSQL;
// on PGlite one transaction, which holds the single connection, so the running assistant's own
// statements wait the few seconds it takes.
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db';
import { appliedMigrations } from './migrations';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, type LineSink } from './format';

// Rows fetched per round trip: small enough for PGlite's memory, large enough to stream quickly.
const FETCH_ROWS = 500;

export interface DumpProgress {
  /** Called once with the totals, then after each batch. */
  (e: { table: string; done: number; total: number }): void;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The public tables, each after the tables its foreign keys point to (then by name). */
export async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const names = (await rows<{ tablename: string }>(db, sql`
    select tablename from pg_tables where schemaname = 'public' order by tablename`)).map((r) => r.tablename);
  const deps = await rows<{ child: string; parent: string }>(db, sql`
    select c.relname as child, p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
    join pg_class p on p.oid = k.confrelid
    where k.contype = 'f' and cn.nspname = 'public' and c.relname <> p.relname`);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (t: string) => {
    if (placed.has(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const d of deps) if (d.child === t && names.includes(d.parent)) place(d.parent);
    visiting.delete(t);
    placed.add(t);
    ordered.push(t);
  };
  names.forEach(place);
  return ordered;
}

export interface DumpOptions {
  progress?: DumpProgress;
  /** Return false to skip (another instance holds the lock): the nightly job on PostgreSQL. */
  advisoryLock?: number;
}

/**
 * Dumps the database into `sink`. Resolves with the header, or null when `advisoryLock` was held
 * by another instance (nothing written).
 */
export async function dumpDatabase(database: Database, sink: LineSink, opts: DumpOptions = {}): Promise<BackupHeader | null> {
  return database.db.transaction(
    async (txRaw) => {
      const tx = txRaw as unknown as Db;
      if (opts.advisoryLock !== undefined) {
        const [got] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${opts.advisoryLock}) as ok`);
        if (!got?.ok) return null;
      }
      const tables = await tablesInDependencyOrder(tx);
      const counts: { name: string; rows: number }[] = [];
      for (const name of tables) {
        const [c] = await rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${ident(name)}`));
        counts.push({ name, rows: Number(c?.n ?? 0) });
      }
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        engine: database.kind,
        migrations: await appliedMigrations(tx),
        tables: counts,
      };
      await sink.write(JSON.stringify(header));
      const total = counts.reduce((s, c) => s + c.rows, 0);
      let done = 0;
      opts.progress?.({ table: '', done, total });
      for (const { name, rows: n } of counts) {
        await sink.write(JSON.stringify({ table: name, rows: n }));
        // A cursor inside the snapshot: the table is read in batches, never whole into memory.
        await tx.execute(sql.raw(`declare motcua_dump no scroll cursor for select row_to_json(t)::text as j from ${ident(name)} t`));
        let written = 0;
        for (;;) {
          const batch = await rows<{ j: string }>(tx, sql.raw(`fetch ${FETCH_ROWS} from motcua_dump`));
          if (!batch.length) break;
          for (const r of batch) await sink.write(r.j);
          written += batch.length;
          done += batch.length;
          opts.progress?.({ table: name, done, total });
        }
        await tx.execute(sql.raw('close motcua_dump'));
        // Counted and read in the same snapshot: a difference would be a bug, not a race.
        if (written !== n) throw new Error(`table ${name}: counted ${n} rows, read ${written}`);
      }
      await sink.write(JSON.stringify({ end: true, tables: counts.length, rows: total }));
      return header;
    },
    database.kind === 'postgres' ? { isolationLevel: 'repeatable read', accessMode: 'read only' } : undefined,
  );
}
