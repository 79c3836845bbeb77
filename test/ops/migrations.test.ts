// Upgrades: migrations under a lock (two instances starting at once), a backup before a migration
// that changes existing tables, a restore of an older backup upgraded after the data is in.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/db';
import { testConfig } from '../helpers/assistant';
import { openDatabase } from '../../models/db';
import { migrateTo, pendingChangesToExistingTables, readJournal } from '../../models/backup/migrations';
import { backupBeforeMigration } from '../../models/backup/pre-migration';
import { verifyBackupFile, fileLines } from '../../models/backup/format';
import { restoreDatabase } from '../../models/backup/restore';
import { rowsOf } from './fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'motcua-migrations-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 0006 adds a column to dossier_lookups, a table made by an earlier migration.
const ALTERING = '0006_dossiers_lookup_outcome';

describe('upgrades', { timeout: 180_000 }, () => {
  it('backs up before a migration that changes a table holding data, not before one that only adds tables', async () => {
    const journal = await readJournal();
    const level = journal.findIndex((e) => e.tag === ALTERING);
    const db = await openTestDatabase({ migrate: false });
    try {
      await migrateTo(db, level);
      await db.db.execute(sql`insert into dossier_lookups (channel, user_id, dossier_code, success) values ('web', 'u1', 'X-1', false)`);
      // 0006 first; later migrations that alter tables holding data are listed too
      // (0013 adds the per-fact sources column to procedures).
      const { changing } = await pendingChangesToExistingTables(db.db);
      expect(changing[0]).toBe(ALTERING);
      expect(changing).toContain('0013_catalog_fact_sources');
      const config = testConfig({ BACKUP_DIR: path.join(dir, 'pre') });
      const file = await backupBeforeMigration(db, config);
      expect(path.basename(file!)).toMatch(/^pre-migration-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.jsonl\.gz$/);
      const header = await verifyBackupFile(file!);
      expect(header.migrations).toHaveLength(level);
      expect(header.tables.find((t) => t.name === 'dossier_lookups')?.rows).toBe(1);

      // Switched off: no file.
      expect(await backupBeforeMigration(db, testConfig({ BACKUP_DIR: path.join(dir, 'off'), BACKUP_BEFORE_MIGRATION: 'false' }))).toBeNull();

      // Restoring that older backup lays its level, puts the data in, then upgrades.
      const target = await openTestDatabase({ migrate: false });
      try {
        const r = await restoreDatabase(target, fileLines(file!));
        expect(r.upgradedBy).toBe(journal.length - level);
        const [row] = await rowsOf<{ outcome: string }>(target.db, sql`select outcome from dossier_lookups where dossier_code = 'X-1'`);
        expect(row?.outcome).toBe('mismatch');
      } finally {
        await target.close();
      }

      // A migration that only creates tables (0011 makes ops_state) is not one to back up for.
      for (const stmt of ['drop schema drizzle cascade', 'drop schema public cascade', 'create schema public']) await db.db.execute(sql.raw(stmt));
      const createsOnly = journal.findIndex((e) => e.tag === '0011_ops_state');
      await migrateTo(db, createsOnly);
      await db.db.execute(sql`insert into dossier_lookups (channel, user_id, dossier_code, success) values ('web', 'u1', 'X-1', false)`);
      const pending = await pendingChangesToExistingTables(db.db);
      expect(pending.pending[0]).toBe('0011_ops_state');
      expect(pending.changing).not.toContain('0011_ops_state');
    } finally {
      await db.close();
    }
  }, 180_000);

  it.runIf(Boolean(process.env.DATABASE_URL))('two instances starting at once on PostgreSQL: one migrates, the other waits (advisory lock)', async () => {
    const fresh = await openTestDatabase({ migrate: false });
    const a = await openDatabase({ databaseUrl: fresh.url, poolSize: 2 });
    const b = await openDatabase({ databaseUrl: fresh.url, poolSize: 2 });
    try {
      await Promise.all([a.migrate(), b.migrate(), a.migrate()]);
      const [n] = await rowsOf<{ n: number }>(a.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(n!.n).toBe((await readJournal()).length);
    } finally {
      await a.close();
      await b.close();
      await fresh.close();
    }
  });

  it('a pre-migration backup is written at start by the same path the server takes', async () => {
    // databaseOrExit → migrate({ beforeApplying }) → backupBeforeMigration: exercised through a store on disk.
    const dataDir = path.join(dir, 'store');
    const journal = await readJournal();
    const first = await openDatabase({ dataDir });
    await migrateTo(first, journal.findIndex((e) => e.tag === ALTERING));
    await first.db.execute(sql`insert into dossier_lookups (channel, user_id, dossier_code, success) values ('web', 'u2', 'X-2', false)`);
    const config = testConfig({ DATA_DIR: dataDir });
    await first.migrate({ beforeApplying: async () => void (await backupBeforeMigration(first, config)) });
    await first.close();
    const files = readdirSync(path.join(dataDir, 'backups'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^pre-migration-/);
    // And the file restores elsewhere.
    const target = await openTestDatabase({ migrate: false });
    try {
      await restoreDatabase(target, fileLines(path.join(dataDir, 'backups', files[0]!)));
      expect(await rowsOf(target.db, sql`select * from dossier_lookups where dossier_code = 'X-2'`)).toHaveLength(1);
    } finally {
      await target.close();
    }
  }, 180_000);
});
