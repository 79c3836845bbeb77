// Real headless Chromium (Debian's package) driven by playwright-core.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestAssistant, type TestAssistant } from './assistant';
import { pageIdentity } from './webchat';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** In CI the browser must be there (.ci/run installs it); elsewhere browser tests are skipped without it. */
export const browserAvailable = existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine has no network beyond loopback: background services only produce refused connections.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface ChatBrowser {
  a: TestAssistant;
  browser: Browser;
  /** http://127.0.0.1:<port> of the listening assistant. */
  base: string;
  /**
   * Opens the web chat in a new browser context of that size (a phone by default) and waits for its
   * greeting; gives the page and the identity the server issued it. Close it with page.context().close().
   */
  openChat(viewport?: { width: number; height: number }): Promise<{ page: Page; userId: string }>;
}

/**
 * The set-up of the web chat's browser suites: an assistant listening on a free port (its background
 * workers too, unless `background: false`) and one Chromium, stopped after the file. Read the fields
 * inside tests and hooks.
 */
export function useChatBrowser(opts: { background?: boolean } = {}): ChatBrowser {
  const s = {
    async openChat(viewport = { width: 390, height: 844 }) {
      const page = await (await s.browser.newContext({ viewport })).newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(s.base + '/');
      await page.locator('.msg--bot').first().waitFor();
      return { page, userId: await pageIdentity(page) };
    },
  } as ChatBrowser;
  beforeAll(async () => {
    s.a = await startTestAssistant();
    if (opts.background !== false) await s.a.startBackground();
    s.base = `http://127.0.0.1:${(await s.a.listen(0)).port}`;
    s.browser = await launchBrowser();
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.a?.stop();
    await s.a?.database.close();
  });
  return s;
}
