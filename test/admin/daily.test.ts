// The admin as staff use it every day, in Chromium at phone and desktop sizes: a live inbox with
// the count in the title, folded search, one "overdue", confirmations, drafts that survive an
// expired session, canned replies, screens in Vietnamese, and a dashboard that links only to
// pages the role can open.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eq, sql } from 'drizzle-orm';
import { converse, startTestAssistant, testConfig, type TestAssistant } from '../helpers/assistant';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { createUser, loginInBrowser } from '../helpers/admin';
import { findByCode } from '../../models/repos/feedback/filing';
import { createPetition } from '../helpers/factories';
import { adminSessions, adminUsers } from '../../models/schema/admin';
import { adminDrafts } from '../../models/schema/daily';
import { outboundMessages } from '../../models/schema/core';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describe.runIf(browserAvailable)('admin for every day (Chromium)', { timeout: 90_000 }, () => {
  let a: TestAssistant;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // Live checks every second so the test sees an update quickly.
    a = await startTestAssistant({ ADMIN_LIVE_POLL_SECONDS: '1' });
    base = `http://127.0.0.1:${(await a.listen(0)).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await a?.stop();
    await a?.database.close();
  });
  async function open(viewport = DESKTOP) {
    await context?.close();
    context = await browser.newContext({ viewport });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  }
  beforeEach(async () => {
    await a.database.reset();
    await open();
  });

  const petition = (content: string, extra: { name?: string; now?: Date; userId?: string } = {}) =>
    createPetition(
      a.database.db,
      { kind: 'kien_nghi', userId: extra.userId ?? 'citizen-1', content, name: extra.name ?? 'Phạm Thị Mai', address: 'Thôn 2', phone: '0912000111' },
      extra.now,
    );
  const codes = () => page.locator('#inbox tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));

  it('finds a petition without diacritics, on a phone', async () => {
    await open(PHONE);
    await createUser(a.database.db);
    const road = await petition('Đường liên thôn 3 bị sạt lở sau mưa lớn');
    await petition('Đèn chiếu sáng ở chợ bị hỏng', { name: 'Đỗ Văn Đức', userId: 'citizen-2' });
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/inbox`);
    await page.fill('#inbox-filters input[name=q]', 'duong lien thon');
    await Promise.all([page.waitForURL('**/admin/inbox?**'), page.click('#apply-filters')]);
    expect(await codes()).toEqual([road.code]);
    // Upper case and đ fold too; the sender's name is searched the same way.
    await page.goto(`${base}/admin/inbox?q=${encodeURIComponent('DO VAN DUC')}`);
    expect(await codes()).toHaveLength(1);
    await page.goto(`${base}/admin/inbox?q=${encodeURIComponent('sạt lở')}`);
    expect(await codes()).toEqual([road.code]);
    // A LIKE wildcard typed by staff is a character, not a pattern.
    await page.goto(`${base}/admin/inbox?q=%25`);
    expect(await codes()).toEqual([]);
    await page.screenshot({ path: 'test-results/daily-inbox-search-phone.png', fullPage: true });
  });

  it('counts "overdue" the same on the dashboard and in the inbox', async () => {
    await createUser(a.database.db);
    // One petition from months ago, past its due date; two fresh ones within it.
    const old = await petition('Kiến nghị cũ chưa trả lời', { now: new Date(Date.now() - 60 * 86_400_000) });
    await petition('Kiến nghị mới 1');
    await petition('Kiến nghị mới 2', { userId: 'citizen-3' });
    await loginInBrowser(page, base, 'lan');
    const figure = page.locator('#now dd').first();
    expect(await figure.textContent()).toBe('1');
    await Promise.all([page.waitForURL('**/admin/inbox?overdue=1'), page.click('#now a')]);
    expect(await codes()).toEqual([old.code]);
  });

  it('asks before closing a petition; cancelling changes nothing', async () => {
    await createUser(a.database.db);
    const p = await petition('Xin sửa đường');
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/inbox/${p.id}`);
    await page.fill('#answer-form textarea', 'Xã đã đưa vào kế hoạch sửa đường quý sau.');
    await Promise.all([page.waitForURL(`**/admin/inbox/${p.id}`), page.click('#answer-form button.primary')]);
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.click('button[data-action=close]');
    expect(asked).toContain(`Đóng phản ánh ${p.code}?`);
    expect((await findByCode(a.database.db, p.code))!.status).toBe('da_tra_loi');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(`**/admin/inbox/${p.id}`), page.click('button[data-action=close]')]);
    expect(await page.locator('#status').textContent()).toBe('Đã đóng');
    // The history names the citizen in Vietnamese, not "citizen".
    const history = await page.locator('#history tbody').textContent();
    expect(history).toContain('Người dân');
    expect(history).not.toContain('citizen');
  });

  it('updates the inbox live, with the count of waiting items in the title', async () => {
    await createUser(a.database.db);
    await petition('Phản ánh thứ nhất');
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/inbox`);
    await page.waitForFunction(() => document.title.startsWith('(1) '));
    expect(await codes()).toHaveLength(1);
    // A citizen sends a petition while the page is open: no reload.
    const fresh = await petition('Phản ánh mới trong lúc cán bộ đang xem', { userId: 'citizen-9' });
    await page.waitForFunction(() => document.title.startsWith('(2) '));
    await page.waitForSelector(`tr[data-code="${fresh.code}"]`);
    expect(await page.locator('#inbox-live-note').textContent()).toContain('cập nhật');
    // Other pages carry the count too.
    await page.goto(`${base}/admin/`);
    await page.waitForFunction(() => document.title.startsWith('(2) '));
  });

  it('keeps a typed answer across an expired session, on a phone', async () => {
    await open(PHONE);
    const lan = await createUser(a.database.db);
    const p = await petition('Hỏi về lệ phí chứng thực');
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/inbox/${p.id}`);
    const answer = 'Chào chị, lệ phí chứng thực bản sao là 2.000 đồng mỗi trang từ trang thứ ba.';
    await page.locator('#answer-form textarea').pressSequentially(answer.slice(0, 20));
    await page.locator('#answer-form textarea').fill(answer);
    // Saved on the server while typing.
    await expect.poll(async () => (await a.database.db.select().from(adminDrafts).where(eq(adminDrafts.userId, lan.id)))[0]?.text, { timeout: 10_000 }).toBe(answer);
    // The session expires (idle time-out) before "Gửi".
    await a.database.db.delete(adminSessions).where(eq(adminSessions.userId, lan.id));
    await Promise.all([page.waitForURL('**/admin/login?**'), page.click('#answer-form button.primary')]);
    expect(await page.locator('#login-expired').textContent()).toContain('hết hạn');
    await page.fill('input[name=username]', 'lan');
    await page.fill('input[name=password]', 'mat-khau-thu-nghiem-1');
    await Promise.all([page.waitForURL(`**/admin/inbox/${p.id}`), page.click('button[type=submit]')]);
    expect(await page.locator('#answer-form textarea').inputValue()).toBe(answer);
    expect(await page.locator('#draft-note').textContent()).toContain('khôi phục');
    await page.screenshot({ path: 'test-results/daily-draft-restored-phone.png', fullPage: true });
    // Sent: the draft is cleared, and the browser copy does not come back.
    await Promise.all([page.waitForURL(`**/admin/inbox/${p.id}`), page.click('#answer-form button.primary')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã gửi trả lời');
    expect((await findByCode(a.database.db, p.code))!.answer).toBe(answer);
    await page.goto(`${base}/admin/inbox/${p.id}`);
    if (await page.locator('#answer-form').count()) expect(await page.locator('#answer-form textarea').inputValue()).toBe('');
  });

  it('draft from another browser: the server copy comes back', async () => {
    const lan = await createUser(a.database.db);
    const p = await petition('Hỏi giờ làm việc thứ Bảy');
    await a.database.db.insert(adminDrafts).values({ userId: lan.id, key: `inbox:${p.id}:answer`, text: 'Sáng thứ Bảy bộ phận Một cửa làm việc từ 7 giờ 30.' });
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/inbox/${p.id}`);
    expect(await page.locator('#answer-form textarea').inputValue()).toBe('Sáng thứ Bảy bộ phận Một cửa làm việc từ 7 giờ 30.');
  });

  it('saves a canned reply and inserts it in an answer', async () => {
    await createUser(a.database.db);
    const p = await petition('Xin hướng dẫn nộp lệ phí');
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/canned`);
    await page.fill('#canned-form input[name=title]', 'Nộp lệ phí');
    await page.fill('#canned-form textarea', 'Anh/chị nộp lệ phí bằng tiền mặt tại Bộ phận Một cửa hoặc chuyển khoản qua Cổng Dịch vụ công.');
    await Promise.all([page.waitForURL('**/admin/canned'), page.click('#canned-form button')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('Nộp lệ phí');
    await page.goto(`${base}/admin/inbox/${p.id}`);
    await page.selectOption('#canned-pick', { label: 'Nộp lệ phí' });
    expect(await page.locator('#answer-form textarea').inputValue()).toContain('chuyển khoản qua Cổng Dịch vụ công');
    // Deleting asks first.
    await page.goto(`${base}/admin/canned`);
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL('**/admin/canned'), page.click('.canned button.danger')]);
    expect(await page.locator('#canned-empty').count()).toBe(1);
  });

  it('shows the audit log in Vietnamese', async () => {
    await createUser(a.database.db, { username: 'boss', role: 'admin' });
    await loginInBrowser(page, base, 'boss');
    await page.goto(`${base}/admin/audit`);
    const text = (await page.locator('#audit').textContent())!;
    expect(text).toContain('Đăng nhập');
    expect(text).not.toContain('login.ok');
    await page.selectOption('select[name=action]', 'login.ok');
    await Promise.all([page.waitForURL('**/admin/audit?**'), page.click('main form button')]);
    expect(await page.locator('#audit tbody tr').count()).toBe(1);
  });

  it('edits settings in the admin: a bad value is explained and nothing is saved; a good one applies at once', async () => {
    await createUser(a.database.db, { username: 'boss', role: 'admin' });
    await loginInBrowser(page, base, 'boss');
    await page.goto(`${base}/admin/settings`);
    expect(await page.locator('input[name=OFFICE_HOURS]').inputValue()).toBe('07:30-17:00');
    await page.fill('input[name=COMMUNE_NAME]', 'UBND xã Hoằng Đạt');
    await page.fill('input[name=OFFICE_HOURS]', '7h30 đến 17h');
    await page.fill('input[name=STAFF_TELEGRAM_CHAT_ID]', '-1001234567890');
    await page.click('#save-settings');
    await page.waitForLoadState('load');
    expect(await page.locator('.field-error[data-k=OFFICE_HOURS]').textContent()).toContain('07:30-17:00');
    // What was typed is still there, and nothing was saved.
    expect(await page.locator('input[name=COMMUNE_NAME]').inputValue()).toBe('UBND xã Hoằng Đạt');
    expect(a.config.COMMUNE_NAME).toBe('UBND xã Hoàng Kim');
    await page.fill('input[name=OFFICE_HOURS]', '07:00-16:30');
    await page.fill('input[name=OFFICE_DAYS]', '1,2,3,4,5,6');
    await page.fill('input[name=REPORT_SIGNER_NAME]', 'Lê Văn Tám');
    await Promise.all([page.waitForURL('**/admin/settings'), page.click('#save-settings')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã lưu 5 mục');
    expect(await page.locator('.brand small').textContent()).toBe('UBND xã Hoằng Đạt');
    expect(a.config).toMatchObject({ OFFICE_HOURS: '07:00-16:30', OFFICE_DAYS: '1,2,3,4,5,6', STAFF_TELEGRAM_CHAT_ID: '-1001234567890', REPORT_SIGNER_NAME: 'Lê Văn Tám' });
    const rows = await a.database.db.execute(sql`select key from app_settings order by key`);
    expect((rows as unknown as { rows: { key: string }[] }).rows.map((r) => r.key)).toEqual(['COMMUNE_NAME', 'OFFICE_DAYS', 'OFFICE_HOURS', 'REPORT_SIGNER_NAME', 'STAFF_TELEGRAM_CHAT_ID']);
    // The citizen sees the new name at once.
    const [hello] = await converse(a, 'citizen-1', ['xin chào'], 'web');
    expect(hello!.text).toContain('UBND xã Hoằng Đạt');
    await page.screenshot({ path: 'test-results/daily-settings-desktop.png', fullPage: true });
    // A restarted server keeps them (stored in the database, over the environment).
    const again = await startTestAssistant({}, a.database);
    try {
      expect(again.config.COMMUNE_NAME).toBe('UBND xã Hoằng Đạt');
    } finally {
      await again.stop();
    }
    for (const k of ['COMMUNE_NAME', 'OFFICE_HOURS', 'OFFICE_DAYS', 'STAFF_TELEGRAM_CHAT_ID', 'REPORT_SIGNER_NAME'] as const) {
      (a.config as Record<string, unknown>)[k] = testConfig()[k];
    }
  });

  it('shows an unanswered question in its conversation and answers it freely; it comes back while citizens still get the fallback', async () => {
    await createUser(a.database.db);
    await converse(a, 'citizen-7', ['xin chào', 'chỗ để xe máy ở đâu vậy'], 'web');
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/unanswered`);
    await Promise.all([page.waitForURL('**/admin/unanswered/*'), page.click('a.open-question')]);
    const conv = page.locator('.conversation').first();
    expect(await conv.locator('.asked').innerText()).toContain('chỗ để xe máy ở đâu vậy');
    expect(await conv.innerText()).toContain('xin chào');
    await page.fill('#free-answer textarea[name=answer]', 'Bãi xe phía sau trụ sở UBND xã, miễn phí.');
    await Promise.all([page.waitForURL('**/admin/unanswered'), page.click('#free-answer button')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('từ bây giờ');
    expect(await page.locator('#unanswered tbody tr').count()).toBe(0);
    const [reply] = await converse(a, 'citizen-8', ['chỗ để xe máy ở đâu vậy'], 'web');
    expect(reply!.text).toContain('Bãi xe phía sau trụ sở');
    // The entry is in the commune Q&A, where "try" says what a wording gets.
    await page.goto(`${base}/admin/faq?try=${encodeURIComponent('de xe may o dau')}`);
    expect(await page.locator('#faq-try-result').textContent()).toContain('chỗ để xe máy ở đâu vậy');
    // Turned off: citizens get the fallback again, and the question is back in the review.
    await page.locator('.faq input[name=active]').uncheck();
    await Promise.all([page.waitForURL('**/admin/faq'), page.click('.faq form button:not(.danger)')]);
    await converse(a, 'citizen-9', ['chỗ để xe máy ở đâu vậy'], 'web');
    await page.goto(`${base}/admin/unanswered`);
    expect(await page.locator('#unanswered tbody tr').count()).toBe(1);
    await page.screenshot({ path: 'test-results/daily-unanswered-desktop.png', fullPage: true });
  });

  it("an official's dashboard links only to pages they can open", async () => {
    await createUser(a.database.db, { username: 'chutich', role: 'official' });
    await a.database.db.execute(sql`insert into unanswered_questions (normalized, text) values ('x', 'x')`);
    await loginInBrowser(page, base, 'chutich');
    const links = await page.locator('main a').evaluateAll((as) => as.map((x) => (x as HTMLAnchorElement).pathname));
    expect(links).not.toContain('/admin/unanswered');
    for (const href of new Set(links)) {
      const res = await page.request.get(`${base}${href}`);
      expect(res.status(), href).toBe(200);
    }
    expect(await page.locator('#open-unanswered').textContent()).toContain('1');
    const [u] = await a.database.db.select().from(adminUsers).where(eq(adminUsers.username, 'chutich'));
    expect(u!.role).toBe('official');
  });
});

describe('staff group notice', { timeout: 90_000 }, () => {
  it('queues a notice to the staff Telegram group for a new petition, without personal data', async () => {
    const a = await startTestAssistant({ TELEGRAM_BOT_TOKEN: '123:abc', STAFF_TELEGRAM_CHAT_ID: '-1009876' });
    try {
      await converse(a, 'citizen-web', ['gửi phản ánh', '@feedback:kind:giai_quyet', 'Cán bộ hẹn nhiều lần chưa trả kết quả', 'Lê Thị Hoa', 'Thôn 5', '0912000111', 'không', 'gửi'], 'web');
      const rows = await a.database.db.select().from(outboundMessages).where(eq(outboundMessages.userId, '-1009876'));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.channel).toBe('telegram');
      const text = JSON.stringify(rows[0]!.replies);
      expect(text).toMatch(/PA-\d{8}-\d{4}/);
      expect(text).toContain('Cán bộ hẹn nhiều lần');
      expect(text).not.toContain('Lê Thị Hoa');
      expect(text).not.toContain('0912000111');
      // A "gặp cán bộ" request too.
      await converse(a, 'citizen-2', ['gặp cán bộ'], 'web');
      expect(await a.database.db.select().from(outboundMessages).where(eq(outboundMessages.userId, '-1009876'))).toHaveLength(2);
    } finally {
      await a.stop();
      await a.database.close();
    }
  });
});
