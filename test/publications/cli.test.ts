// The publication tools as an official runs them: draft, approve (refusals first), in Vietnamese by
// default and in English with --lang en. Sending is exercised by crash.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/process';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { openDatabase } from '../../models/db';
import { createAdminUser } from '../../admin/users';

// With PostgreSQL the tools use this file's own database; with PGlite a fresh data folder.
let pgDb: TestDatabase | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'publications-cli-'));
let env: Record<string, string | undefined>;

beforeAll(async () => {
  if (process.env.DATABASE_URL) pgDb = await openTestDatabase();
  env = { DATA_DIR: dataDir, DATABASE_URL: pgDb?.url, LOG_LEVEL: 'warn' };
  const database = await openDatabase({ databaseUrl: pgDb?.url, dataDir: pgDb ? undefined : dataDir });
  try {
    await database.migrate();
    await createAdminUser(database.db, { username: 'chutich', role: 'official', password: 'mat-khau-dai-du' });
    await createAdminUser(database.db, { username: 'canbo', role: 'staff', password: 'mat-khau-dai-du' });
  } finally {
    await database.close();
  }
}, 120_000);
afterAll(async () => {
  await pgDb?.close();
});

describe('publications:draft and publications:approve', { timeout: 120_000 }, () => {
  it('say what is wrong with the arguments, in the staff language', async () => {
    const noId = await runScript('jobs/publications/cli/approve.ts', ['--by', 'chutich'], { env });
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain('Cần số của bản tin (một số nguyên dương). Cách dùng: npm run publications:approve -- SỐ --by TÊN');
    const noBy = await runScript('jobs/publications/cli/approve.ts', ['1', '--lang', 'en'], { env });
    expect(noBy.code).toBe(2);
    expect(noBy.stderr).toContain('Say who approves (--by). Usage: npm run publications:approve -- NUMBER --by USERNAME');
    const help = await runScript('jobs/publications/cli/draft.ts', ['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Soạn bản tin công khai kết quả hồ sơ');
    expect(help.stdout).toContain('tắt trợ lý trước');
    const badWeek = await runScript('jobs/publications/cli/draft.ts', ['--week', '2026-47'], { env });
    expect(badWeek.code).toBe(1);
    expect(badWeek.stderr).toContain('"2026-47" không phải là một tuần: viết như 2026-W47');
    const noSuchWeek = await runScript('jobs/publications/cli/draft.ts', ['--week', '2026-W54', '--lang', 'en'], { env });
    expect(noSuchWeek.code).toBe(1);
    expect(noSuchWeek.stderr).toContain('2026 has no week 2026-W54: that year has 53 ISO weeks (W01 to W53).');
  });

  it('drafts a week, refuses an approver who is not an official, approves, then refuses to approve again', async () => {
    const drafted = await runScript('jobs/publications/cli/draft.ts', ['--week', '2026-W47', '--by', 'canbo'], { env });
    expect(drafted.code, drafted.stderr).toBe(0);
    const id = drafted.stdout.trim();
    expect(id).toMatch(/^\d+$/);
    expect(drafted.stderr).toContain(`Đã soạn bản tin số ${id} cho tuần 2026-W47`);

    const staff = await runScript('jobs/publications/cli/approve.ts', [id, '--by', 'canbo'], { env });
    expect(staff.code).toBe(1);
    expect(staff.stderr).toContain('"canbo" không phải tài khoản quản trị đang hoạt động có vai trò official hoặc admin');

    const missing = await runScript('jobs/publications/cli/approve.ts', ['999', '--by', 'chutich'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Không có bản tin số 999');

    const ok = await runScript('jobs/publications/cli/approve.ts', [id, '--by', 'chutich'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Đã phê duyệt bản tin số ${id} (2026-W47), người duyệt chutich. Gửi ngay: npm run publications:send -- ${id}`);

    const again = await runScript('jobs/publications/cli/approve.ts', [id, '--by', 'chutich', '--lang', 'en'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Publication ${id} is "Approved": it can no longer be approved.`);
  });
});
