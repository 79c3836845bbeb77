// The Publications page in Chromium: staff draft (pre-filled), edit and submit; only an official
// approves and sends; the delivery outcome is shown on the page.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type TestAssistant } from '../helpers/assistant';
import { browserAvailable } from '../helpers/browser';
import { createUser, loginInBrowser, useAdminBrowser } from '../helpers/admin';
import { dossiers } from '../../models/schema/dossiers';
import { sessions } from '../../models/schema/core';
import { subscribe } from '../../models/repos/subscriptions';
import { getPublication, listPublications, publicationHistory } from '../../models/repos/publications';
import { DeliveryWorker } from '../../bot/outbound/bulletins';
import { fakePlatformSender, startFakePlatform } from './fake-platform';

describe.runIf(browserAvailable)('admin Publications page (Chromium)', () => {
  let a: TestAssistant;
  let base: string;
  let browser: Browser;

  useAdminBrowser({ pages: false }, (s) => ({ a, base, browser } = s));

  async function pageAs(username: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    await loginInBrowser(page, base, username);
    return page;
  }

  it('drafts from the dossier data, staff submit, an official approves and sends, the outcome is shown', async () => {
    const db = a.database.db;
    await db.insert(dossiers).values([
      { code: 'H56.14-240610-0001', status: 9, receivedDate: '2024-06-10', dueDate: '2024-06-14', endDate: '2024-06-13', procedureName: 'Đăng ký khai sinh', applicantName: 'Lê Văn Cường', contentHash: 'a' },
      { code: 'H56.14-240611-0002', status: 4, receivedDate: '2024-06-11', dueDate: '2024-06-20', contentHash: 'b' },
    ]);
    for (const [channel, userId, ageH] of [['telegram', 't1', 500], ['telegram', 't2', 1], ['messenger', 'm1', 30]] as const) {
      await subscribe(db, channel, userId, 'command');
      await db.insert(sessions).values({ channel, userId, lastInboundAt: new Date(Date.now() - ageH * 3_600_000) });
    }
    await createUser(db);
    await createUser(db, { username: 'hung', role: 'official' });

    const staff = await pageAs('lan');
    await staff.goto(`${base}/admin/publications`);
    await staff.fill('#new-publication input[name=week]', '2024-W24');
    await staff.click('#new-publication button');
    await staff.waitForURL(/\/admin\/publications\/\d+$/);
    const vi = await staff.inputValue('#texts textarea[name=vi]');
    expect(vi).toContain('H56.14-240610-0001 – Đăng ký khai sinh');
    expect(vi).not.toContain('Lê Văn Cường');
    await staff.fill('#texts textarea[name=vi]', `${vi}\nLịch tiếp dân: thứ Năm.`);
    await staff.click('#texts button');
    await staff.click('#actions button[value=submit]');
    await expect.poll(() => staff.getAttribute('#state', 'data-state')).toBe('submitted');
    // Staff see no approve button and are told who approves.
    expect(await staff.locator('#actions button[value=approve]').count()).toBe(0);
    await expect.poll(() => staff.locator('#actions').textContent()).toContain('lãnh đạo');

    const official = await pageAs('hung');
    const [p] = await listPublications(db);
    await official.goto(`${base}/admin/publications/${p!.id}`);
    await official.click('#actions button[value=approve]');
    await expect.poll(() => official.getAttribute('#state', 'data-state')).toBe('approved');
    official.once('dialog', (d) => void d.accept()); // "Gửi bản tin này tới TẤT CẢ người đăng ký…?"
    await official.click('#actions button[value=send_now]');
    await expect.poll(() => official.getAttribute('#state', 'data-state')).toBe('sending');

    const fake = await startFakePlatform();
    try {
      await new DeliveryWorker(db, fakePlatformSender(fake.url, ['telegram', 'messenger'])).runUntilDone(p!.id);
      expect(fake.received.get('telegram:t1')![0]).toContain('Lịch tiếp dân: thứ Năm.');
    } finally {
      await fake.close();
    }
    await official.reload();
    expect(await official.getAttribute('#state', 'data-state')).toBe('sent');
    expect(await official.textContent('#outcome tr[data-outcome=sent] td')).toBe('2');
    expect(await official.textContent('#outcome tr[data-outcome=waiting] td')).toBe('1');
    await official.goto(`${base}/admin/publications`);
    expect(await official.textContent(`#publications tr[data-id="${p!.id}"] .outcome`)).toMatch(/Đã gửi 2 · Chờ người nhận quay lại 1 · Lỗi 0/);

    const pub = await getPublication(db, p!.id);
    expect(pub!.approvedBy).toBe('hung');
    const history = (await publicationHistory(db, p!.id)).map((e) => `${e.actor}:${e.toState}`);
    expect(history).toEqual(['lan:draft', 'lan:draft', 'lan:submitted', 'hung:approved', 'hung:scheduled', 'hung:sending', 'system:sent']);
  });

  it('refuses an approval posted by a staff account', async () => {
    const db = a.database.db;
    await createUser(db);
    const staff = await pageAs('lan');
    await staff.goto(`${base}/admin/publications`);
    await staff.click('#new-publication button');
    await staff.waitForURL(/\/admin\/publications\/\d+$/);
    await staff.click('#actions button[value=submit]');
    // Forge the approve form with the page's own CSRF token.
    const status = await staff.evaluate(async () => {
      const csrf = (document.querySelector('input[name=_csrf]') as HTMLInputElement).value;
      const r = await fetch(`${location.pathname}/action`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, action: 'approve' }),
      });
      return r.status;
    });
    expect(status).toBe(403);
    const [p] = await listPublications(db);
    expect(p!.state).toBe('submitted');
  });
});
