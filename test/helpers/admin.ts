// Admin web test helpers: create an account directly in the database, sign in in a browser page, and
// the assistant with Chromium for a whole file (useAdminBrowser).
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AdminRole } from '../../admin/users';
import { createUser, TEST_PASSWORD } from './factories';
import { loadSampleCatalogIfEmpty } from '../../knowledge/catalog';
import { startTestAssistant, type TestAssistant } from './assistant';
import { launchBrowser } from './browser';

export { createUser, TEST_PASSWORD };

/** Opens /admin/login, submits the form and waits for the next page. baseUrl like http://127.0.0.1:PORT */
export async function loginInBrowser(page: Page, baseUrl: string, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  // A successful login redirects away from /admin/login; a refused one re-renders the form there.
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/admin/login') && r.request().method() === 'POST'), page.click('button[type=submit]')]);
  await page.waitForLoadState('load');
}

/** What an admin browser test works with. */
export interface AdminBrowser {
  a: TestAssistant;
  /** http://127.0.0.1:PORT of the assistant. */
  base: string;
  browser: Browser;
  /** A fresh context and page for each test (unless `pages: false`). */
  context: BrowserContext;
  page: Page;
}

export interface AdminBrowserOptions {
  /** Settings over the test defaults (environment variable names). */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** Each locator waits this long at most (fail fast with the locator in the message). */
  timeoutMs?: number;
  /** Load the sample catalog before each test. */
  catalog?: boolean;
  /** Accounts created before each test. */
  users?: { username: string; role: AdminRole }[];
  /** Sign this user in before each test. */
  login?: string;
  /** false: the test opens its own contexts (no page before each test). */
  pages?: boolean;
}

// Starting the assistant and Chromium on a loaded 2-core machine can take a minute.
const SETUP_TIMEOUT_MS = 180_000;

/**
 * The assistant, listening, and headless Chromium for one test file: started before the first test,
 * the database emptied (and seeded as asked) and a new page opened before each, all stopped after the
 * last. `bind` receives the current set after each set-up, so the file keeps its own variable names:
 * `useAdminBrowser({ login: 'lan' }, (s) => ({ a, base, page } = s));`
 */
export function useAdminBrowser(opts: AdminBrowserOptions, bind: (s: AdminBrowser) => void): void {
  const s = {} as AdminBrowser;
  beforeAll(async () => {
    s.a = await startTestAssistant(opts.env);
    s.base = `http://127.0.0.1:${(await s.a.listen(0)).port}`;
    s.browser = await launchBrowser();
    bind(s);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await s.browser?.close();
    await s.a?.stop();
    await s.a?.database.close();
  }, SETUP_TIMEOUT_MS);
  beforeEach(async () => {
    await s.a.database.reset();
    if (opts.catalog) await loadSampleCatalogIfEmpty(s.a.database.db);
    for (const u of opts.users ?? []) await createUser(s.a.database.db, u);
    if (opts.pages !== false) {
      await s.context?.close();
      s.context = await s.browser.newContext(opts.viewport ? { viewport: opts.viewport } : {});
      s.page = await s.context.newPage();
      // Generous: a full-page screenshot of a long list waits for the CPU on a loaded CI machine; the checks still fail on wrong content.
      s.page.setDefaultTimeout(opts.timeoutMs ?? 20_000);
      if (opts.login) await loginInBrowser(s.page, s.base, opts.login);
    }
    bind(s);
  }, SETUP_TIMEOUT_MS);
}
