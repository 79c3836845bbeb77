// A real database for a test file: in-memory PGlite, or, when DATABASE_URL is set, a fresh
// PostgreSQL database of its own (test files run in parallel). Migrated; emptied between tests.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../../models/db';

export interface TestDatabase extends Database {
  /** Deletes every row of every table (fast enough to run before each test). */
  reset(): Promise<void>;
  /** The URL of the per-file PostgreSQL database, when on PostgreSQL. */
  url?: string;
}

/** `migrate: false` leaves the store as new (restore and copy tests lay the schema themselves). */
export async function openTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (base) {
    const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  if (opts.migrate !== false) await database.migrate();
  const tables = (
    (await database.db.execute(
      sql`select tablename from pg_tables where schemaname = 'public'`,
    )) as unknown as { rows: { tablename: string }[] }
  ).rows.map((r) => `"${r.tablename}"`);
  return {
    ...database,
    url,
    async reset() {
      if (!tables.length) return;
      // A background worker of the assistant under test may hold a lock the truncate needs; on
      // PostgreSQL that can end in a deadlock error, which is safe to retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await database.db.execute(sql.raw(`truncate ${tables.join(', ')} restart identity cascade`));
          return;
        } catch (e) {
          const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
          if (code !== '40P01' || attempt >= 5) throw e;
        }
      }
    },
    async close() {
      await database.close();
      await drop?.();
    },
  };
}

/**
 * Makes the database itself refuse inserts into `table` that match `condition` (SQL over NEW), as a
 * full disk or a broken constraint would: a trigger, dropped by the function returned. Tests use
 * it to check that a multi-step write is all or nothing.
 */
export async function refuseInserts(db: Database['db'], table: string, condition = 'true'): Promise<() => Promise<void>> {
  const name = `refuse_${table}`;
  await db.execute(sql.raw(`create or replace function ${name}() returns trigger language plpgsql as $$
    begin if ${condition} then raise exception 'refused by the test'; end if; return new; end $$`));
  await db.execute(sql.raw(`create trigger ${name} before insert on ${table} for each row execute function ${name}()`));
  return async () => {
    await db.execute(sql.raw(`drop trigger if exists ${name} on ${table}`));
    await db.execute(sql.raw(`drop function if exists ${name}()`));
  };
}

/**
 * The test database of one test file: opened before the file's first test, emptied before each
 * test, closed after the last. The value stands for the database once it is open (use it inside
 * tests and hooks, not at the top level).
 */
export function useTestDatabase(opts: { reset?: boolean } = {}): TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await openTestDatabase();
  });
  afterAll(async () => {
    await current?.close();
  });
  if (opts.reset !== false) {
    beforeEach(async () => {
      await current!.reset();
    });
  }
  return new Proxy({} as TestDatabase, {
    get(_, prop) {
      if (!current) throw new Error('useTestDatabase(): the database opens in beforeAll; use it inside a test or hook');
      const value = Reflect.get(current, prop);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
