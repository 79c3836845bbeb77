// Admin web test helpers: create an account directly in the database, sign in in a browser page.
import type { Page } from 'playwright-core';
import type { Db } from '../../models/db';
import { createAdminUser, type AdminRole, type AdminUser } from '../../admin/users';

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-1';

export function createUser(
  db: Db,
  opts: { username: string; role: AdminRole; password?: string; displayName?: string; mustChangePassword?: boolean },
): Promise<AdminUser> {
  return createAdminUser(db, { password: TEST_PASSWORD, ...opts });
}

/** Opens /admin/login, submits the form and waits for the next page. baseUrl like http://127.0.0.1:PORT */
export async function loginInBrowser(page: Page, baseUrl: string, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  // A successful login redirects away from /admin/login; a refused one re-renders the form there.
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/admin/login') && r.request().method() === 'POST'), page.click('button[type=submit]')]);
  await page.waitForLoadState('load');
}
