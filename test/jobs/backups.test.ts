// The nightly backup: a file per run in BACKUP_DIR, the newest BACKUP_KEEP kept, the last one shown
// to staff; one instance writes it on a shared PostgreSQL.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/assistant';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { BACKUP_JOB_LOCK, runNightlyBackup, startNightlyBackup } from '../../jobs/backups';
import { verifyBackupFile } from '../../models/backup/format';
import { opsFigures } from '../../models/repos/ops';

const dir = mkdtempSync(path.join(tmpdir(), 'motcua-nightly-'));
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('nightly backup', { timeout: 120_000 }, () => {
  it('writes a file per run, keeps the newest BACKUP_KEEP (pre-migration files stay), records the last', async () => {
    const config = testConfig({ BACKUP_DIR: dir, BACKUP_KEEP: '2' });
    writeFileSync(path.join(dir, 'pre-migration-2026-01-01T00-00-00Z.jsonl.gz'), '');
    const runs = [];
    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03']) runs.push(await runNightlyBackup(db, config, new Date(`${day}T18:30:00Z`)));
    expect(runs[2]!.pruned).toEqual(['motcua-2026-11-01T18-30-00Z.jsonl.gz']);
    expect(readdirSync(dir).sort()).toEqual([
      'motcua-2026-11-02T18-30-00Z.jsonl.gz',
      'motcua-2026-11-03T18-30-00Z.jsonl.gz',
      'pre-migration-2026-01-01T00-00-00Z.jsonl.gz',
    ]);
    await verifyBackupFile(path.join(dir, 'motcua-2026-11-03T18-30-00Z.jsonl.gz'));
    expect((await opsFigures(db.db)).lastBackup?.file).toBe(path.join(dir, 'motcua-2026-11-03T18-30-00Z.jsonl.gz'));
  });

  it('refuses a bad BACKUP_CRON at start, naming it', () => {
    expect(() => startNightlyBackup(db, testConfig({ JOBS_ENABLED: 'true', BACKUP_CRON: '99 99 * * * *' }))).toThrow(/BACKUP_CRON/);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))('skips while another instance holds the backup lock', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock($1)', [BACKUP_JOB_LOCK]);
      const r = await runNightlyBackup(db, testConfig({ BACKUP_DIR: path.join(dir, 'skipped') }));
      expect(r.file).toBeNull();
      expect(() => readdirSync(path.join(dir, 'skipped'))).not.toThrow();
      expect(readdirSync(path.join(dir, 'skipped'))).toEqual([]);
    } finally {
      await other.query('rollback');
      await other.end();
    }
  });
});
