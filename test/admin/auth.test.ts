// The admin shell in real Chromium: login, wrong password, lock-out, CSRF, roles, logout, idle expiry.
import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eq, sql } from 'drizzle-orm';
import { type TestAssistant } from '../helpers/assistant';
import { browserAvailable } from '../helpers/browser';
import { createUser, loginInBrowser, TEST_PASSWORD, useAdminBrowser } from '../helpers/admin';
import { adminSessions, adminAudit, adminUsers } from '../../models/schema/admin';
import { DEFAULT_LOGIN_LIMITS } from '../../admin/login-limit';

// Chromium on a shared 2-core machine: a page round trip can take seconds.
describe.runIf(browserAvailable)('admin sign-in and security (Chromium)', { timeout: 90_000 }, () => {
  let a: TestAssistant;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  useAdminBrowser({ env: { ADMIN_SESSION_IDLE_MINUTES: '30' } }, (s) => ({ a, base, browser, context, page } = s));

  async function actions(): Promise<string[]> {
    const rows = await a.database.db.select({ action: adminAudit.action }).from(adminAudit).orderBy(adminAudit.id);
    return rows.map((r) => r.action);
  }

  it('signs in, shows the dashboard with the menu for the role, and signs out', async () => {
    await createUser(a.database.db);
    await loginInBrowser(page, base, 'Lan');
    expect(new URL(page.url()).pathname).toBe('/admin/');
    await expect(page.locator('h1').textContent()).resolves.toBe('Tổng quan');
    const menu = await page.locator('nav.menu a').allTextContents();
    expect(menu).toContain('Câu hỏi chưa trả lời');
    expect(menu).not.toContain('Người dùng');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'tl_admin')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    // Only a hash of the cookie token is stored.
    const [row] = await a.database.db.select().from(adminSessions);
    expect(row!.id).not.toBe(session.value);

    await page.click('#logout');
    await page.waitForURL('**/admin/login');
    expect(await a.database.db.select().from(adminSessions)).toHaveLength(0);
    await page.goto(`${base}/admin/`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await actions()).toEqual(['login.ok', 'logout']);
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    await createUser(a.database.db);
    await loginInBrowser(page, base, 'lan', 'sai-mat-khau');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    const wrong = await page.locator('#login-error').textContent();
    expect(wrong).toContain('không đúng');
    await loginInBrowser(page, base, 'khong-co-ai', 'sai-mat-khau');
    expect(await page.locator('#login-error').textContent()).toBe(wrong);
    expect(await context.cookies()).not.toContainEqual(expect.objectContaining({ name: 'tl_admin' }));
    expect(await actions()).toEqual(['login.failed', 'login.failed']);
  });

  it('locks the account after repeated failures, even for the right password, and an admin reset unlocks it', async () => {
    await createUser(a.database.db);
    await createUser(a.database.db, { username: 'boss', role: 'admin' });
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.failures; i++) await loginInBrowser(page, base, 'lan', `sai-${i}`);
    expect(await page.locator('#login-error').textContent()).toContain('tạm khoá');
    await loginInBrowser(page, base, 'lan', TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await page.locator('#login-error').textContent()).toContain('tạm khoá');
    // Another account is not affected.
    const other = await (await browser.newContext()).newPage();
    await loginInBrowser(other, base, 'boss');
    expect(new URL(other.url()).pathname).toBe('/admin/');
    // The admin resets lan's password: the lock is lifted and lan must choose a new password.
    await other.goto(`${base}/admin/users`);
    other.once('dialog', (d) => void d.accept()); // "Đặt lại mật khẩu của …?"
    await other.locator('tr[data-user=lan] form[action$="reset-password"] button').click();
    await other.waitForLoadState('load');
    const notice = (await other.locator('#notice').textContent())!;
    const temp = /: (\S+) \(/.exec(notice)![1]!;
    await loginInBrowser(page, base, 'lan', temp);
    expect(new URL(page.url()).pathname).toBe('/admin/account/password');
    await page.fill('input[name=current]', temp);
    await page.fill('input[name=password]', 'mat-khau-moi-123');
    await page.fill('input[name=confirm]', 'mat-khau-moi-123');
    await page.click('form[action="/admin/account/password"] button');
    await page.waitForURL('**/admin/');
    await expect(page.locator('.flash-ok').textContent()).resolves.toContain('Đã đổi mật khẩu');
    const log = await actions();
    expect(log).toContain('login.lock');
    expect(log).toContain('user.reset_password');
    expect(log).toContain('account.password');
  });

  it('refuses a form posted without its CSRF token (403) and changes nothing', async () => {
    await createUser(a.database.db, { username: 'boss', role: 'admin' });
    await loginInBrowser(page, base, 'boss');
    await page.goto(`${base}/admin/users`);
    // Remove the hidden token from the create-user form, then submit it.
    await page.evaluate(() => document.querySelector('#create-user input[name=_csrf]')!.remove());
    await page.fill('#create-user input[name=username]', 'ke-gian');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/admin/users') && r.request().method() === 'POST'),
      page.click('#create-user button'),
    ]);
    expect(response.status()).toBe(403);
    await expect(page.locator('.error-message').textContent()).resolves.toContain('hết hạn hoặc không hợp lệ');
    expect(await a.database.db.select().from(adminUsers).where(eq(adminUsers.username, 'ke-gian'))).toHaveLength(0);
    // A wrong token is refused the same way; the login form checks its token too.
    const wrongToken = await page.request.post(`${base}/admin/users`, { form: { _csrf: 'x'.repeat(43), username: 'ke-gian', role: 'admin' } });
    expect(wrongToken.status()).toBe(403);
    const anon = await browser.newContext();
    const login = await anon.request.post(`${base}/admin/login`, { form: { username: 'boss', password: TEST_PASSWORD } });
    expect(login.status()).toBe(403);
    await anon.close();
  });

  it('keeps staff and officials out of user management', async () => {
    await createUser(a.database.db);
    await loginInBrowser(page, base, 'lan');
    const res = await page.goto(`${base}/admin/users`);
    expect(res!.status()).toBe(403);
    await expect(page.locator('.error-message').textContent()).resolves.toContain('không có quyền');
    // Posting with a valid token does not help either.
    const token = await page.locator('input[name=_csrf]').first().getAttribute('value');
    const post = await page.request.post(`${base}/admin/users`, { form: { _csrf: token!, username: 'moi', role: 'admin' } });
    expect(post.status()).toBe(403);
    expect(await a.database.db.select().from(adminUsers)).toHaveLength(1);
  });

  it('ends a session left idle longer than ADMIN_SESSION_IDLE_MINUTES', async () => {
    await createUser(a.database.db);
    await loginInBrowser(page, base, 'lan');
    await a.database.db.update(adminSessions).set({ lastSeenAt: sql`now() - interval '31 minutes'` });
    await page.goto(`${base}/admin/`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await a.database.db.select().from(adminSessions)).toHaveLength(0);
  });
});
