// Opens the database: embedded PGlite under DATA_DIR by default, a PostgreSQL server when
// DATABASE_URL is set. Both speak the same SQL, so one schema and one set of migrations serve.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as tables from './tables';
import { observeStatement } from '../core/metrics';
import { logger } from '../core/logger';
import { copyTemplate, pgliteTemplate, type PgliteTemplate } from './pglite-template';
import { registerPglite, registerPostgres } from './prepared';

export type Schema = typeof tables;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** PGlite's store folder (DATA_DIR/pglite); undefined in memory and on PostgreSQL. */
  dataDir?: string;
  /** Applies the committed SQL migrations (idempotent); on PostgreSQL under an advisory lock. */
  migrate(opts?: MigrateOptions): Promise<void>;
  close(): Promise<void>;
  /** Statements sent through this handle since it opened (the per-turn budget test, bench:webchat). */
  statementCount(): number;
}

// PGlite's default 128 MB of shared buffers is sized for a server; a commune's data fits in far
// less, and each MB here is resident memory of the assistant's process: PGlite zero-fills its whole
// shared memory at every start. 16 MB (2 048 pages; shared memory 26 MB instead of 42) measured 15–25 MB
// less idle RSS than 32 MB (issue 17); a page not in the buffers is read from the operating system's
// file cache, not the disk.
// PGlite's other knobs, measured (issue 17): `relaxedDurability` only lets a query return before a
// virtual file system (IndexedDB, OPFS) is synced; with a data directory on disk every write already
// goes straight to its file (PGlite's sync step is empty there), so it changes nothing and is left off.
// `initialMemory: 32 MB` fails to start; left at its default (the WebAssembly heap grows as needed).
export const PGLITE_CONF = 'shared_buffers = 16MB';

// Advisory lock key held while migrations run on PostgreSQL ('motcua:migrate' folded to a bigint;
// any constant works as long as no other lock of ours uses it).
export const MIGRATION_LOCK_KEY = 7_413_206_851_177;

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Raised when another process holds the embedded database. */
export class DatabaseBusyError extends Error {
  constructor(dir: string) {
    super(
      `The embedded database in ${dir} is in use by another process (is the assistant running?). ` +
        'Stop it first, or set DATABASE_URL to use a PostgreSQL server that several processes can share.',
    );
    this.name = 'DatabaseBusyError';
  }
}

export interface MigrateOptions {
  /** Another migrations folder (a restore applies the backup's level first). */
  folder?: string;
  /** Runs under the migration lock, before anything is applied (the pre-migration backup). */
  beforeApplying?: () => Promise<void>;
}

export interface OpenOptions {
  /** postgres://… → node-postgres; otherwise PGlite. */
  databaseUrl?: string;
  /** Folder for PGlite's files; omitted → in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  if (opts.databaseUrl) {
    delete (globalThis as { [PRELOAD]?: unknown })[PRELOAD];
    // node-postgres is loaded only for a PostgreSQL server (about 0.1 s of an embedded start).
    const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
      import('pg'),
      import('drizzle-orm/node-postgres'),
      import('drizzle-orm/node-postgres/migrator'),
    ]);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    const counter = { n: 0 };
    pool.on('connect', (c) => timeQueries(c, 'postgres', counter));
    // An idle connection the server ends (a restart, a failover, an administrator's terminate) is
    // reported here; without a listener node-postgres would throw it and end the process. The pool
    // opens a new connection for the next query.
    pool.on('error', (err: Error & { code?: string }) => logger.warn({ code: err.code }, 'PostgreSQL closed an idle connection'));
    // Dates stay as 'YYYY-MM-DD' strings (DATE columns carry no time zone).
    const db = drizzlePg({ client: pool, schema: tables }) as unknown as Db;
    registerPostgres(db, pool);
    await pool.query('select 1');
    return {
      db,
      kind: 'postgres',
      migrate: async (m = {}) => {
        // Two instances starting together: the second waits here, then finds nothing left to apply.
        const lock = await pool.connect();
        try {
          await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
          await m.beforeApplying?.();
          // On the connection that holds the lock: no second connection is needed (a pool of 1 works).
          await migratePg(drizzlePg({ client: lock }) as never, { migrationsFolder: m.folder ?? MIGRATIONS_DIR });
        } finally {
          await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
          lock.release();
        }
      },
      close: async () => {
        await pool.end();
      },
      statementCount: () => counter.n,
    };
  }
  let client: PGlite;
  if (opts.dataDir) {
    const dir = path.resolve(opts.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    await assertNotHeld(dir);
    // First start: a copy of the installation's template store (models/pglite-template.ts); without
    // one, initdb here. initdb loads a second WebAssembly module and grows memory well past what serving
    // needs, and neither closing PGlite nor a worker thread gives it back to the system; a child process
    // does (first start: about 150 MB less RSS than closing and reopening in this process).
    if (!existsSync(path.join(dir, 'PG_VERSION'))) {
      const template = await pgliteTemplate(PGLITE_CONF);
      if (!template || !tryCopyTemplate(template, dir)) await initStore(dir);
    }
    client = await PGlite.create({ dataDir: dir, postgresqlconf: PGLITE_CONF, ...(await takePreload()) });
  } else {
    // In memory (tests): the template as a tar, else initdb in this process.
    const template = await pgliteTemplate(PGLITE_CONF);
    const loadDataDir = template ? new Blob([readFileSync(template.tar)]) : undefined;
    client = await PGlite.create({ postgresqlconf: PGLITE_CONF, loadDataDir });
  }
  const counter = { n: 0 };
  setParsersOnce(client);
  timeQueries(client, 'pglite', counter);
  const db = drizzlePglite({ client, schema: tables }) as unknown as Db;
  registerPglite(db, client, () => {
    counter.n++;
    const started = performance.now();
    return () => observeStatement('pglite', (performance.now() - started) / 1000);
  });
  const lockFile = opts.dataDir ? path.resolve(opts.dataDir, 'pglite', 'assistant.pid') : undefined;
  if (lockFile) await writeLock(lockFile);
  return {
    db,
    kind: 'pglite',
    dataDir: opts.dataDir ? path.resolve(opts.dataDir, 'pglite') : undefined,
    // One process holds the store (the pid file below), so no other instance can migrate meanwhile.
    migrate: async (m = {}) => {
      await m.beforeApplying?.();
      await migratePglite(db as never, { migrationsFolder: m.folder ?? MIGRATIONS_DIR });
    },
    close: async () => {
      await client.close();
      if (lockFile) await removeLock(lockFile);
    },
    statementCount: () => counter.n,
  };
}

// What scripts/start.mjs read and compiled of PGlite while the modules loaded (absent elsewhere).
const PRELOAD = Symbol.for('motcua.pglitePreload');
type Preload = Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>;

/** PGlite's compiled WebAssembly and file bundle from the start script, once; {} when there are none. */
async function takePreload(): Promise<Preload> {
  const g = globalThis as { [PRELOAD]?: Promise<Preload> };
  const preload = g[PRELOAD];
  delete g[PRELOAD];
  return (await preload?.catch(() => undefined)) ?? {};
}

function tryCopyTemplate(template: PgliteTemplate, dir: string): boolean {
  try {
    copyTemplate(template, dir);
    return true;
  } catch (err) {
    logger.warn({ err }, 'Cannot copy the PGlite template store: running initdb');
    return false;
  }
}

// Run by a separate node process: initdb and nothing else.
const INIT_SCRIPT = `
const [module, dir, conf] = process.argv.slice(1);
const { PGlite } = await import(module);
await (await PGlite.create({ dataDir: dir, postgresqlconf: conf })).close();
`;

/** Creates a new PGlite store (initdb) in a child process. */
async function initStore(dir: string): Promise<void> {
  const module = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', INIT_SCRIPT, module, dir, PGLITE_CONF], (err, _out, stderr) =>
      err ? reject(new Error(`initdb of ${dir} failed: ${stderr.trim() || err.message}`)) : resolve(),
    );
  });
}

// PGlite is one process at a time: a pid file tells a second process to stop cleanly
// instead of corrupting the store.
async function assertNotHeld(dir: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  try {
    const pid = Number((await readFile(path.join(dir, 'assistant.pid'), 'utf8')).trim());
    if (pid && pid !== process.pid && isAlive(pid)) throw new DatabaseBusyError(dir);
  } catch (e) {
    if (e instanceof DatabaseBusyError) throw e;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function writeLock(file: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, String(process.pid));
}

async function removeLock(file: string): Promise<void> {
  const { rm } = await import('node:fs/promises');
  await rm(file, { force: true });
}

type Parsers = Record<number, (value: string, typeId: number) => unknown>;
type QueryOptions = { parsers?: Parsers } | undefined;

/**
 * drizzle gives PGlite its own parsers with every statement (dates, timestamps and intervals kept as
 * text), and PGlite then copies its map of all types (318 entries) to merge them in, for every result:
 * the largest cost of PGlite's JavaScript in a turn (issue 17, `bench:profile`). They go into the
 * client's map instead, and the statement goes without them: the same parsing, no copy (main-thread CPU
 * a web chat turn 1.25–1.36 -> 1.15–1.18 ms, test/perf/pglite-parsers.test.ts). Only drizzle
 * queries this client (the migrator and the backups included), so no caller is left expecting
 * PGlite's defaults for those types.
 */
function setParsersOnce(client: PGlite): void {
  const own = (client as unknown as { parsers: Parsers }).parsers;
  type Query = (q: string, params?: unknown[], options?: QueryOptions) => Promise<unknown>;
  const wrap = (target: { query: Query }) => {
    const original = target.query.bind(target);
    target.query = (q, params, options) => {
      if (!options?.parsers) return original(q, params, options);
      for (const [k, parse] of Object.entries(options.parsers)) own[Number(k)] = parse;
      return original(q, params, { ...options, parsers: undefined });
    };
  };
  wrap(client as unknown as { query: Query });
  // Statements in a transaction go through its own handle.
  const transaction = client.transaction.bind(client);
  client.transaction = ((cb: (tx: never) => Promise<unknown>) =>
    transaction((tx) => {
      wrap(tx as unknown as { query: Query });
      return cb(tx as never);
    })) as PGlite['transaction'];
}

type Queryable = { query: (...args: never[]) => unknown; exec?: (...args: never[]) => unknown; transaction?: unknown };

/** Times and counts every statement a client sends (motcua_db_statement_seconds), transactions included. */
function timeQueries(client: Queryable, engine: 'pglite' | 'postgres', counter: { n: number }): void {
  const wrap = (target: Record<string, unknown>, method: string) => {
    const original = target[method] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') return;
    target[method] = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      counter.n++;
      const result = original.apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        const done = () => observeStatement(engine, (performance.now() - started) / 1000);
        (result as Promise<unknown>).then(done, done);
      }
      return result;
    };
  };
  const target = client as unknown as Record<string, unknown>;
  wrap(target, 'query');
  wrap(target, 'exec');
  const transaction = target.transaction as ((cb: (tx: unknown) => unknown) => unknown) | undefined;
  if (engine === 'pglite' && typeof transaction === 'function') {
    target.transaction = function (this: unknown, cb: (tx: unknown) => unknown) {
      return transaction.call(this, (tx: unknown) => {
        wrap(tx as Record<string, unknown>, 'query');
        wrap(tx as Record<string, unknown>, 'exec');
        return cb(tx);
      });
    };
  }
}
