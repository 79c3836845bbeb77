// What staff do in the admin reaches citizens: a catalog edit shows in the next chat answer, and an
// unanswered question attached as an alias is answered the next time it is asked (web chat API +
// admin in Chromium, on one running server).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { type TestAssistant } from '../helpers/assistant';
import { browserAvailable } from '../helpers/browser';
import { webUser } from '../helpers/webchat';
import { useAdminBrowser } from '../helpers/admin';
import { adminAudit } from '../../models/schema/admin';
import { unansweredQuestions } from '../../models/schema/core';
import { getProcedure } from '../../knowledge/catalog';

// Chromium on a shared 2-core machine: a page round trip can take seconds.
describe.runIf(browserAvailable)('admin changes reach the chat (Chromium + web chat)', { timeout: 90_000 }, () => {
  let a: TestAssistant;
  let base: string;
  let page: Page;
  let seq = 0;

  useAdminBrowser({ users: [{ username: 'lan', role: 'staff' }], catalog: true, login: 'lan' }, (s) => ({ a, base, page } = s));

  /** A citizen's message through the web chat API; returns the reply texts. */
  async function ask(text: string): Promise<string> {
    const res = await fetch(`${base}/api/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: webUser(a, `citizen-${++seq}`), text }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { replies: { text: string }[] };
    return body.replies.map((r) => r.text).join('\n');
  }

  it('a fee edited in the catalog is used in the next answer', async () => {
    const question = 'chứng thực 7 trang hết bao nhiêu';
    const before = await ask(question);
    expect(before).toContain('Chứng thực bản sao');
    expect(before).not.toContain('13.500 đồng');

    await page.goto(`${base}/admin/catalog/2.000815`);
    await page.fill('input[name=fee_tiers_0]', '1-2: 3.000; 3-: 1.500');
    await page.click('#procedure-form button.primary');
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã lưu');

    // 2 pages × 3.000 + 5 pages × 1.500 = 13.500 đồng.
    const after = await ask(question);
    expect(after).toContain('13.500 đồng');
  });

  it('an unanswered question attached to a procedure as an alias is answered next time', async () => {
    // A phrasing the catalog does not know (local wording); the first that falls through is used.
    const candidates = ['giấy đi chợ phiên', 'xin cái thẻ chợ phiên cho bà', 'giấy phép dắt trâu qua chợ phiên'];
    let phrase: string | undefined;
    for (const c of candidates) {
      const reply = await ask(c);
      const [row] = await a.database.db.select().from(unansweredQuestions).where(eq(unansweredQuestions.text, c));
      if (row) {
        expect(reply).not.toContain('(mã 1.001193)');
        phrase = c;
        break;
      }
    }
    expect(phrase, 'one of the candidate phrasings should be unanswered by the sample catalog').toBeDefined();

    await page.goto(`${base}/admin/unanswered`);
    const row = page.locator('#unanswered tbody tr', { hasText: phrase! });
    await row.locator('input[name=procedure]').fill('1.001193 — Đăng ký khai sinh');
    await row.locator('.alias-form button').click();
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-ok').textContent()).toContain('từ nay trợ lý trả lời được');
    expect(await page.locator('.flash-error').count()).toBe(0);
    expect(await page.locator('#unanswered tbody tr', { hasText: phrase! }).count()).toBe(0);

    const again = await ask(phrase!);
    expect(again).toContain('Đăng ký khai sinh (mã 1.001193)');
    expect((await getProcedure(a.database.db, '1.001193'))!.aliases).toContain(phrase);
    const [q] = await a.database.db.select().from(unansweredQuestions).where(eq(unansweredQuestions.text, phrase!));
    expect(q).toMatchObject({ status: 'aliased', procedureCode: '1.001193', count: 1 });
    const [entry] = await a.database.db.select().from(adminAudit).where(eq(adminAudit.action, 'catalog.alias'));
    expect(entry).toMatchObject({ target: '1.001193', actorName: 'lan' });
  });
});
