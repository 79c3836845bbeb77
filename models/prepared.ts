// Named prepared statements for the turn path (issue 17): a fixed SQL text, parsed, analysed and planned
// once per connection, then run with new parameters. Group-committed batches pass their rows as arrays
// (unnest), so one text serves every batch size. On PGlite a statement sent through `query` is parsed,
// analysed and planned again every time, in six calls into the WebAssembly (Parse, Describe, Bind,
// Describe, Execute, Sync); here a run is one call of three messages (Bind, Execute, Sync). Measured on
// PGlite (liftoff, one turn's start statement): 0.8–1.0 ms of CPU -> about 0.4 ms. On PostgreSQL,
// node-postgres prepares a named statement once per pooled connection.
import type { PGlite } from '@electric-sql/pglite';
import type { Pool } from 'pg';
import type { Db } from './db';
import { closeMessage, concat, describeMessage, parseMessage, runMessages, SYNC, type Param } from './pg-protocol';

export type { Param };

/**
 * A one-row subquery that makes the statement's transaction commit without waiting for its WAL to be
 * written (`synchronous_commit = off` for that transaction only; set_config's third argument). Used by the
 * statements that START a turn (begin_turns, begin_locked_turns), never by the one that ends it: nothing is
 * answered until end_turns commits synchronously, and a synchronous commit writes (and on a server
 * flushes) the whole WAL up to its own commit record, the earlier start's records with it. A crash
 * between the two can lose the start only, which is the same as a crash before it: the event is not
 * finished, no reply went out, and the turn runs again when the event comes again (docs/architecture.md,
 * "Durability of a turn"). Saves a WAL write per start batch on PGlite and a WAL flush on PostgreSQL.
 */
export const ASYNC_COMMIT = `(select set_config('synchronous_commit', 'off', true)) as async_commit`;

/** A statement of the turn path: a name unique in the process, and its SQL with $1… parameters. */
export interface Prepared {
  name: string;
  text: string;
}


type Runner = (statement: Prepared, params: readonly Param[]) => Promise<Record<string, unknown>[]>;
const runners = new WeakMap<Db, Runner>();

/** Runs a prepared statement on the database `db` was opened with (models/db.ts), returning its rows. */
export function runPrepared<R>(db: Db, statement: Prepared, params: readonly Param[]): Promise<R[]> {
  const run = runners.get(db);
  if (!run) throw new Error('runPrepared: a database handle not opened by openDatabase');
  return run(statement, params) as Promise<R[]>;
}

/** node-postgres: a query with a name is prepared once on each pooled connection. */
export function registerPostgres(db: Db, pool: Pool): void {
  runners.set(db, async (st, params) => (await pool.query({ name: st.name, text: st.text, values: params as unknown[] })).rows);
}

// PGlite's parts used here: the same mutexes as its own `query` (no other statement or transaction runs
// in between), its protocol entry point, and its map of type parsers (models/db.ts sets drizzle's there).
interface PgliteInternals {
  _checkReady(): Promise<void>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  execProtocol(message: Uint8Array): Promise<{ messages: BackendMessage[] }>;
  parsers: Record<number, (value: string, typeId: number) => unknown>;
}
type BackendMessage =
  | { name: 'rowDescription'; fields: { name: string; dataTypeID: number }[] }
  | { name: 'dataRow'; fields: (string | null)[] }
  | { name: string };

// PostgreSQL keeps a prepared statement's generic plan until something invalidates it; on a server,
// autovacuum's ANALYZE does as tables grow. PGlite runs no autovacuum, so a plan made when a table was
// small (a fresh install) would stay: statements are prepared again, and planned afresh, this often.
const PGLITE_REPLAN_MS = 10 * 60_000;

/**
 * PGlite: the first run sends Parse and Describe with the statement's first Bind, Execute and Sync, in one
 * call (so it counts as one statement); later runs send Bind, Execute and Sync. `onRun` counts and times
 * each run as models/db.ts does for `query`.
 */
export function registerPglite(db: Db, client: PGlite, onRun: () => () => void): void {
  const pg = client as unknown as PgliteInternals;
  const columns = new Map<string, { name: string; type: number }[]>();
  const preparedAt = new Map<string, number>();
  runners.set(db, async (st, params) => {
    await pg._checkReady();
    return pg._runExclusiveTransaction(() =>
      pg._runExclusiveQuery(async () => {
        let known = columns.get(st.name);
        const parts: Uint8Array[] = [];
        if (known && Date.now() - preparedAt.get(st.name)! > PGLITE_REPLAN_MS) {
          parts.push(closeMessage(st.name));
          known = undefined;
        }
        if (!known) {
          parts.push(parseMessage(st.name, st.text), describeMessage(st.name));
          preparedAt.set(st.name, Date.now());
          columns.delete(st.name);
        }
        parts.push(runMessages(st.name, params));
        const done = onRun();
        let messages: BackendMessage[];
        try {
          ({ messages } = await pg.execProtocol(parts.length === 1 ? parts[0]! : concat(parts)));
        } catch (err) {
          // A failed first run may or may not have left the statement behind: forget it either way.
          if (!known) await pg.execProtocol(concat([closeMessage(st.name), SYNC])).catch(() => undefined);
          throw err;
        } finally {
          done();
        }
        let cols = known;
        const rows: Record<string, unknown>[] = [];
        for (const m of messages) {
          if (m.name === 'rowDescription' && !cols) {
            cols = (m as Extract<BackendMessage, { name: 'rowDescription' }>).fields.map((f) => ({ name: f.name, type: f.dataTypeID }));
            columns.set(st.name, cols);
          } else if (m.name === 'dataRow') {
            const fields = (m as Extract<BackendMessage, { name: 'dataRow' }>).fields;
            const row: Record<string, unknown> = {};
            cols!.forEach((c, i) => {
              const v = fields[i];
              const parse = pg.parsers[c.type];
              row[c.name] = v === null || v === undefined ? null : parse ? parse(v, c.type) : v;
            });
            rows.push(row);
          }
        }
        // A statement that returns no rows describes none (NoData): remembered as prepared all the same.
        if (!known) columns.set(st.name, cols ?? []);
        return rows;
      }),
    );
  });
}
