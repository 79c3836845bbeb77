// db:copy: everything from the embedded store to an empty PostgreSQL database, row counts compared
// table by table; the assistant started on PostgreSQL continues where PGlite stopped.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestAssistant, type TestAssistant } from '../helpers/assistant';
import type { TestDatabase } from '../helpers/db';
import { openDatabase, type Database } from '../../models/db';
import { seedDatabase } from '../../models/seed';
import { copyDatabase, countRows } from '../../models/backup/copy';
import { TargetNotEmptyError } from '../../models/backup/restore';
import { tablesInDependencyOrder } from '../../models/backup/dump';
import { expectStoreIntact, fillStore } from './fixtures';

// CI exports PG_TEST_URL for both runs; a developer passes DATABASE_URL.
const BASE = process.env.PG_TEST_URL || process.env.DATABASE_URL;
const dropped: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of dropped) await d();
});

async function freshPostgres(): Promise<string> {
  const name = `copy_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  dropped.push(async () => {
    const c = new pg.Client({ connectionString: BASE });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const u = new URL(BASE!);
  u.pathname = `/${name}`;
  return u.toString();
}

describe.runIf(Boolean(BASE))('db:copy from PGlite to PostgreSQL', () => {
  it('copies every table (counts equal), sets sequences, refuses a target with data; the assistant continues on PostgreSQL', async () => {
    const source = await openDatabase({});
    await source.migrate();
    await seedDatabase(source.db); // the sample catalog, as npm start lays it
    const a = await startTestAssistant({}, source as TestDatabase);
    let target: Database | undefined;
    let onPg: TestAssistant | undefined;
    try {
      const { petitionCode } = await fillStore(a);
      const url = await freshPostgres();
      target = await openDatabase({ databaseUrl: url, poolSize: 2 });
      const seen: number[] = [];
      const r = await copyDatabase(source, target, { writing: (e) => seen.push(e.done) });
      expect(r.same).toBe(true);
      // Every table of the source, compared one by one against a fresh count on each side.
      const names = await tablesInDependencyOrder(source.db);
      expect(r.tables.map((t) => t.name).sort()).toEqual([...names].sort());
      for (const name of names) expect({ name, n: await countRows(target.db, name) }).toEqual({ name, n: await countRows(source.db, name) });
      expect(r.tables.find((t) => t.name === 'procedures')!.source).toBeGreaterThan(0);
      expect(seen.at(-1)).toBe(r.tables.reduce((s, t) => s + t.source, 0));

      // A second copy into the same database would overwrite: refused.
      await expect(copyDatabase(source, target)).rejects.toBeInstanceOf(TargetNotEmptyError);

      onPg = await startTestAssistant({}, target as TestDatabase);
      await expectStoreIntact(onPg, petitionCode);
    } finally {
      await onPg?.stop();
      await a.stop();
      await target?.close();
      await source.close();
    }
  }, 300_000);
});
