// Backup and restore, as a commune would use them: file a petition, back up, restore into a fresh
// store, start the assistant on it, and find the petitions, sessions, dossiers and users there.
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAssistant, type TestAssistant } from '../helpers/assistant';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { runScript } from '../helpers/process';
import { openDatabase } from '../../models/db';
import { writeBackupFile } from '../../models/backup/files';
import { fileLines, verifyBackupFile, BackupFileError } from '../../models/backup/format';
import { restoreDatabase, TargetNotEmptyError } from '../../models/backup/restore';
import { readJournal } from '../../models/backup/migrations';
import { expectStoreIntact, fillStore, rowsOf } from './fixtures';
import { sql } from 'drizzle-orm';

const dir = mkdtempSync(path.join(tmpdir(), 'motcua-backup-test-'));
let source: TestAssistant;
let petitionCode: string;
let file: string;

beforeAll(async () => {
  source = await startTestAssistant();
  ({ petitionCode } = await fillStore(source));
  file = path.join(dir, 'backup.jsonl.gz');
  await writeBackupFile(source.database, file);
});
afterAll(async () => {
  await source.stop();
  await source.database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore (this run\'s engine)', { timeout: 180_000 }, () => {
  it('writes a complete file: header with the migration level, every table, an end line', async () => {
    const header = await verifyBackupFile(file);
    expect(header.engine).toBe(source.database.kind);
    expect(header.migrations.map((m) => m.tag)).toEqual((await readJournal()).map((e) => e.tag));
    const feedback = header.tables.find((t) => t.name === 'feedback');
    expect(feedback?.rows).toBe(1);
    // A table is dumped after the tables its foreign keys point to.
    const names = header.tables.map((t) => t.name);
    expect(names.indexOf('feedback')).toBeLessThan(names.indexOf('feedback_events'));
    expect(names).not.toContain('__drizzle_migrations');
  });

  it('restores into a fresh store; the assistant started on it has the petitions, sessions, dossiers and users', async () => {
    const fresh = await openTestDatabase({ migrate: false });
    let restored: TestAssistant | undefined;
    try {
      const r = await restoreDatabase(fresh, fileLines(file));
      expect(r.upgradedBy).toBe(0);
      restored = await startTestAssistant({}, fresh);
      await expectStoreIntact(restored, petitionCode);
    } finally {
      await restored?.stop();
      await fresh.close();
    }
  });

  it('refuses a store that holds data, changing nothing; --force replaces it', async () => {
    const target = await openTestDatabase();
    try {
      await target.db.execute(sql`insert into unanswered_questions (normalized, text) values ('cau hoi', 'câu hỏi')`);
      const err = await restoreDatabase(target, fileLines(file)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TargetNotEmptyError);
      expect((err as Error).message).toContain('unanswered_questions: 1');
      expect((err as Error).message).toContain('--force');
      expect(await rowsOf(target.db, sql`select * from unanswered_questions`)).toHaveLength(1);

      await restoreDatabase(target, fileLines(file), { force: true });
      expect(await rowsOf(target.db, sql`select * from unanswered_questions where normalized = 'cau hoi'`)).toHaveLength(0);
      expect(await rowsOf(target.db, sql`select * from feedback where code = ${petitionCode}`)).toHaveLength(1);
    } finally {
      await target.close();
    }
  });

  it('a file cut short restores nothing and says to take it again', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const cut = path.join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, gzipSync(lines.slice(0, -5).join('\n') + '\n'));
    await expect(verifyBackupFile(cut)).rejects.toThrow(/cut short/);
    const target = await openTestDatabase({ migrate: false });
    try {
      const err = await restoreDatabase(target, fileLines(cut)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupFileError);
      expect((err as Error).message).toMatch(/cut short.*nothing was restored/);
      const [n] = await rowsOf<{ n: number }>(target.db, sql`select count(*)::int as n from feedback`);
      expect(n!.n).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('refuses a backup made by a newer version, and a file that is not a backup', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0]!) as { migrations: { when: number; hash: string }[] };
    header.migrations.push({ when: 9_999_999_999_999, hash: 'x' });
    const newer = path.join(dir, 'newer.jsonl.gz');
    writeFileSync(newer, gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
    const notOne = path.join(dir, 'not-a-backup.jsonl.gz');
    writeFileSync(notOne, gzipSync('{"hello": 1}\n'));
    const target = await openTestDatabase({ migrate: false });
    try {
      await expect(restoreDatabase(target, fileLines(newer))).rejects.toThrow(/newer version|does not have/);
      await expect(restoreDatabase(target, fileLines(notOne))).rejects.toThrow(/not a backup/);
    } finally {
      await target.close();
    }
  });
});

describe('db:backup and db:restore on the embedded store while the server runs', { timeout: 300_000 }, () => {
  // The server holds DATA_DIR; the tools run as separate processes, as an administrator would.
  const dataDir = path.join(dir, 'live');
  let live: TestAssistant | undefined;
  afterAll(async () => {
    await live?.stop();
    await live?.database.close();
  });

  it('backs up through the running server, then restores into a new DATA_DIR (and refuses an occupied one)', async () => {
    const database = await openDatabase({ dataDir });
    await database.migrate();
    live = await startTestAssistant({ DATA_DIR: dataDir }, database as TestDatabase);
    await live.listen(0);
    const { petitionCode: code } = await fillStore(live);
    expect(existsSync(path.join(dataDir, 'pglite', 'server.json'))).toBe(true);

    const env = { DATA_DIR: dataDir, DATABASE_URL: undefined, NODE_ENV: 'test' };
    const out = path.join(dir, 'not-yet-made', 'live-backup.jsonl.gz'); // the folder is created
    const b = await runScript('models/cli/backup.ts', ['--out', out, '--lang', 'en'], { env, timeoutMs: 120_000 });
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('Backup written:');
    expect(b.stdout).toContain('from the running server');
    expect((await verifyBackupFile(out)).tables.find((t) => t.name === 'feedback')?.rows).toBe(1);

    const restoredDir = path.join(dir, 'restored');
    const r = await runScript('models/cli/restore.ts', [out], { env: { ...env, DATA_DIR: restoredDir }, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/feedback\s+1/);
    expect(r.stdout).toContain('Bật trợ lý: npm start');

    // The restored DATA_DIR now holds data: a second restore overwrites nothing without --force.
    const again = await runScript('models/cli/restore.ts', [out], { env: { ...env, DATA_DIR: restoredDir }, timeoutMs: 120_000 });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Không khôi phục gì: cơ sở dữ liệu đích đã có dữ liệu (');
    expect(again.stderr).toContain('thêm --force');

    const reopened = await openDatabase({ dataDir: restoredDir });
    const a = await startTestAssistant({ DATA_DIR: restoredDir }, reopened as TestDatabase);
    try {
      await expectStoreIntact(a, code);
    } finally {
      await a.stop();
      await reopened.close();
    }
  }, 300_000);
});
