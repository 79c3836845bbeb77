// The dashboard's system card, as staff see it in Chromium (phone and desktop): the same figures
// as /metrics, in words, with the ones that need attention marked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { converse, testConfig, type TestAssistant } from '../helpers/assistant';
import { browserAvailable } from '../helpers/browser';
import { createUser, loginInBrowser, useAdminBrowser } from '../helpers/admin';
import { runNightlyBackup } from '../../jobs/backups';

const SHOTS = process.env.SCREENSHOT_DIR;

describe.runIf(browserAvailable)('dashboard: system status (Chromium)', { timeout: 120_000 }, () => {
  let a: TestAssistant;
  let base: string;
  let browser: Browser;
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-dashboard-'));

  useAdminBrowser({ pages: false }, (s) => ({ a, base, browser } = s));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the queue, a long wait and failures as alerts, the turns since start and the last backup', async () => {
    const db = a.database.db;
    await db.execute(sql`
      insert into outbound_messages (channel, user_id, kind, replies, status, created_at, next_attempt_at, sent_at) values
        ('zalo', 'u1', 'notification', '[]', 'pending', now() - interval '10 minutes', now() + interval '1 hour', null),
        ('zalo', 'u2', 'staff', '[]', 'sent', now() - interval '30 seconds', now(), now() - interval '27 seconds'),
        ('zalo', 'u3', 'staff', '[]', 'failed', now() - interval '2 hours', now(), null)`);
    await converse(a, 'd-1', ['xin chào', 'qwzx vbnm plok']);
    await createUser(db);

    for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 900 }]] as const) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await loginInBrowser(page, base, 'lan');
      const card = page.locator('#system');
      expect(await card.locator('h2').textContent()).toBe('Tình trạng hệ thống');
      expect(await card.locator('[data-k=system-queue]').textContent()).toBe('1');
      expect(await card.locator('[data-k=system-oldest]').textContent()).toMatch(/^10(,\d)? phút$/);
      expect(await card.locator('[data-k=system-oldest]').getAttribute('class')).toBe('alert');
      expect(await card.locator('[data-k=system-latency]').textContent()).toBe('3 giây');
      expect(await card.locator('[data-k=system-failed]').getAttribute('class')).toBe('alert');
      expect(await card.locator('[data-k=system-turns]').textContent()).toMatch(/^2: 1 trả lời được .* 1 chưa hiểu · 0 lỗi$/);
      expect(await card.locator('[data-k=system-last_backup]').textContent()).toContain('Chưa có');
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `dashboard-system-${name}.png`), fullPage: true });
      await context.close();
    }

    // After the nightly job: the time of the backup, no longer an alert.
    await runNightlyBackup(a.database, testConfig({ BACKUP_DIR: dir }));
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginInBrowser(page, base, 'lan');
    const backup = page.locator('#system [data-k=system-last_backup]');
    expect(await backup.textContent()).toMatch(/\d\d\/\d\d\/\d{4}/);
    expect(await backup.getAttribute('class')).toBeNull();
    await context.close();
  });
});
