// A web chat page reloaded in the middle of the petition form, on a phone (390×844) and a desktop, in
// Chromium: the conversation comes back (GET /api/webchat/history), a banner says the form is open,
// and the form goes on from where it was (issue 15 item 1). The identity is the server's cookie.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, useChatBrowser } from '../helpers/browser';
import { pageIdentity } from '../helpers/webchat';
import { sql, type SQL } from 'drizzle-orm';

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
];

describe.runIf(browserAvailable)('web chat reload and restore (Chromium)', { timeout: 90_000 }, () => {
  const s = useChatBrowser();

  const rows = async (q: SQL) => ((await s.a.database.db.execute(q)) as unknown as { rows: { step: string }[] }).rows;

  /** Types a line and waits for the answer to it. */
  async function say(page: Page, text: string) {
    const before = await page.locator('.msg--bot').count();
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
    await expect.poll(() => page.locator('.msg--bot').count()).toBeGreaterThan(before);
    await expect.poll(() => page.locator('#send').isDisabled()).toBe(false);
  }

  for (const { name, viewport } of SIZES) {
    it(`restores the conversation and says the petition form is open (${name})`, async () => {
      const { page, userId } = await s.openChat(viewport);
      await say(page, 'gửi phản ánh');
      await say(page, '1');
      await say(page, 'Đèn đường ở thôn 3 bị hỏng đã hai tuần.');
      const asked = (await page.locator('.msg--bot').last().innerText()).trim();
      const shownBefore = await page.locator('.msg').allInnerTexts();

      await page.reload();
      // The same identity and the same conversation, in order (the greeting shown on first opening was
      // not part of it: it is not recorded).
      await expect.poll(() => page.locator('.msg').count()).toBe(shownBefore.length - 1);
      expect(await pageIdentity(page)).toBe(userId);
      expect(await page.locator('.msg').allInnerTexts()).toEqual(shownBefore.slice(1));
      expect((await page.locator('.msg--bot').last().innerText()).trim()).toBe(asked);
      // The banner says the form is open and how to leave it.
      const banner = page.locator('#banner');
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.innerText()).toBe("Đang gửi phản ánh — gõ 'huỷ' để dừng");
      await page.screenshot({ path: `test-results/webchat-restore-${name}.png` });

      // Earlier answers' buttons are spent; the form goes on from its step.
      const live = page.locator('.msg--bot .msg__buttons:not([data-used])');
      expect(await page.locator('.msg--bot .msg__buttons[data-used]').count()).toBeGreaterThan(0);
      expect(await live.count()).toBe(1);
      expect(await page.locator('.msg--bot').last().locator('.msg__buttons:not([data-used])').count()).toBe(1);
      await say(page, 'Nguyễn Văn An');
      expect(await banner.isVisible()).toBe(false);
      const [row] = await rows(sql`select dialog->>'step' as step from sessions where channel = 'web' and user_id = ${userId}`);
      expect(row!.step).not.toBe('name');
      await page.context().close();
    });
  }

  it('a page reopened after the form is cancelled shows no banner', async () => {
    const { page } = await s.openChat(SIZES[0]!.viewport);
    await say(page, 'gửi phản ánh');
    await say(page, 'huỷ');
    await page.reload();
    await expect.poll(() => page.locator('.msg--user').count()).toBe(2);
    expect(await page.locator('#banner').isVisible()).toBe(false);
    await page.context().close();
  });
});
