// The web chat page in real headless Chromium: open, type, see the menu, press a button.
import { describe, expect, it } from 'vitest';
import { browserAvailable, useChatBrowser } from '../helpers/browser';
import { pageIdentity } from '../helpers/webchat';

describe.runIf(browserAvailable)('web chat in Chromium', () => {
  const s = useChatBrowser();

  it('greets with the menu and answers a button press', async () => {
    const page = await s.browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(s.base + '/');
    await expect(page.title()).resolves.toBe('Trợ lý Một cửa');
    // The page opens with the greeting and the menu, before anything is typed.
    const firstBot = page.locator('.msg--bot').first();
    await firstBot.waitFor();
    expect(await firstBot.innerText()).toContain('Xin chào');
    const buttons = firstBot.locator('.msg__buttons button');
    expect(await buttons.count()).toBeGreaterThan(1);
    // The buttons show the options: the numbered copies for text-only channels are not repeated.
    expect(await firstBot.innerText()).not.toMatch(/^1\. /m);
    await page.fill('#text', 'xin chào');
    await page.press('#text', 'Enter');
    await page.locator('.msg--bot').nth(1).waitFor();
    expect(await page.locator('.msg--bot').nth(1).innerText()).toContain('Xin chào');
    await page.locator('.msg--bot').nth(1).getByRole('button', { name: 'English' }).click();
    await page.locator('.msg--bot').nth(2).waitFor();
    expect(await page.locator('.msg--bot').nth(2).innerText()).toContain('Switched to English');
    // The user's own messages are shown on the right, as typed or pressed.
    expect(await page.locator('.msg--user .msg__text').allInnerTexts()).toEqual(['xin chào', 'English']);
    await page.close();
  });

  it('shows a staff message pushed while the page is open', async () => {
    const page = await s.browser.newPage();
    await page.goto(s.base + '/');
    // The identity is the server's, in an HttpOnly cookie the page's scripts cannot read.
    const userId = await pageIdentity(page);
    expect(await page.evaluate(() => document.cookie)).not.toContain('motcua_chat');
    // Wait for the stream to be open before pushing.
    await expect.poll(() => s.a.web.openStreams()).toBeGreaterThan(0);
    const { enqueueOutbound } = await import('../../models/repos/outbound');
    await enqueueOutbound(s.a.database.db, { channel: 'web', userId: userId!, kind: 'staff', replies: [{ text: 'Cán bộ Một cửa đã trả lời anh/chị.' }] });
    await page.getByText('Cán bộ Một cửa đã trả lời anh/chị.').waitFor({ timeout: 10_000 });
    await page.close();
  });
});
