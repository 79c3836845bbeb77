// The web chat as citizens use it on a phone (390×844) and a desktop, in Chromium: it opens with
// the greeting and the menu, shows a sending state, never sends a message twice, keeps messages
// typed offline and sends them when the network is back, makes web addresses links, opens a long
// answer at its start, and can be embedded on the commune's site with one script line.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { browserAvailable, useChatBrowser } from '../helpers/browser';
import { enqueueOutbound } from '../../models/repos/outbound';
import { messages } from '../../models/schema/core';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describe.runIf(browserAvailable)('web chat every day (Chromium)', { timeout: 90_000 }, () => {
  const s = useChatBrowser();

  const openChat = (viewport = PHONE) => s.openChat(viewport);
  const inbound = async (userId: string) =>
    (await s.a.database.db.select().from(messages).where(and(eq(messages.userId, userId), eq(messages.direction, 'in')))).map((m) => m.text);

  it('opens with the greeting and the menu, recording nothing', async () => {
    const { page, userId } = await openChat();
    const greeting = page.locator('.msg--bot').first();
    expect(await greeting.innerText()).toContain('UBND xã Hoàng Kim');
    expect(await greeting.locator('.msg__buttons button').count()).toBeGreaterThan(2);
    expect(await inbound(userId)).toEqual([]);
    await page.screenshot({ path: 'test-results/daily-webchat-open-phone.png' });
    // The menu works from there.
    await greeting.locator('.msg__buttons button').first().click();
    await page.locator('.msg--bot').nth(1).waitFor();
    await page.context().close();
  });

  it('shows the sending state and sends a double tap once', async () => {
    const { page, userId } = await openChat();
    // Hold the answer so the sending state can be seen.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let posts = 0;
    await page.route('**/api/webchat/messages', async (route) => {
      posts++;
      await held;
      await route.continue();
    });
    await page.fill('#text', 'lệ phí chứng thực');
    await page.press('#text', 'Enter');
    await page.press('#text', 'Enter');
    await page.click('#send', { force: true }).catch(() => undefined);
    const bubble = page.locator('.msg--user').last();
    await expect.poll(() => bubble.innerText()).toContain('Đang gửi');
    expect(await page.locator('#send').isDisabled()).toBe(true);
    release();
    await page.locator('.msg--bot').nth(1).waitFor();
    expect(await bubble.innerText()).not.toContain('Đang gửi');
    // A menu button tapped twice sends once too.
    const menu = page.locator('.msg--bot').first().locator('.msg__buttons button').first();
    await menu.dblclick();
    await page.locator('.msg--bot').nth(2).waitFor();
    await page.waitForTimeout(500);
    expect(posts).toBe(2);
    expect(await inbound(userId)).toEqual(['lệ phí chứng thực']);
    await page.context().close();
  });

  it('keeps a message typed offline and sends it when the network is back', async () => {
    const { page, userId } = await openChat();
    await page.context().setOffline(true);
    await page.fill('#text', 'giờ làm việc');
    await page.press('#text', 'Enter');
    await expect.poll(() => page.locator('.msg--user').last().innerText()).toContain('khi có mạng');
    expect(await page.locator('#status').isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/daily-webchat-offline-phone.png' });
    expect(await inbound(userId)).toEqual([]);
    await page.context().setOffline(false);
    await page.locator('.msg--bot').nth(1).waitFor();
    expect(await page.locator('.msg--user').last().innerText()).toBe('giờ làm việc');
    expect(await page.locator('#status').isVisible()).toBe(false);
    expect(await inbound(userId)).toEqual(['giờ làm việc']);
    await page.context().close();
  });

  it('makes web addresses links and opens a long answer at its start', async () => {
    const { page, userId } = await openChat(DESKTOP);
    await expect.poll(() => s.a.web.openStreams()).toBeGreaterThan(0); // the stream is open
    const long = ['Hướng dẫn nộp hồ sơ trực tuyến tại dichvucong.gov.vn hoặc https://dichvucong.thanhhoa.gov.vn/.', ...Array.from({ length: 80 }, (_, i) => `Bước ${i + 1}: làm theo hướng dẫn.`)].join('\n');
    await enqueueOutbound(s.a.database.db, { channel: 'web', userId, kind: 'staff', replies: [{ text: long }] });
    const msg = page.locator('.msg--bot').nth(1);
    await msg.waitFor();
    const links = await msg.locator('a').evaluateAll((as) => as.map((x) => (x as HTMLAnchorElement).href));
    expect(links).toEqual(['https://dichvucong.gov.vn/', 'https://dichvucong.thanhhoa.gov.vn/']);
    // The first line of the long answer is on screen.
    const visible = await page.evaluate(() => {
      const log = document.getElementById('log')!.getBoundingClientRect();
      const first = document.querySelectorAll('.msg--bot')[1]!.getBoundingClientRect();
      return first.top >= log.top - 1 && first.top < log.bottom;
    });
    expect(visible).toBe(true);
    await page.screenshot({ path: 'test-results/daily-webchat-long-desktop.png' });
    await page.context().close();
  });

  it('embeds on the commune site with one script line: a bubble that opens the chat', async () => {
    const context = await s.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // The commune's site: another origin (another port) serving a page with the one line.
    const html = `<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>UBND xã</title></head><body><h1>Cổng thông tin xã Hoàng Kim</h1><script src="${s.base}/webchat/widget.js" defer></script></body></html>`;
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    onTestFinished(() => void server.close());
    await page.goto(site);
    await page.click('#motcua-widget-button');
    const frame = page.frameLocator('#motcua-widget-panel iframe');
    await frame.locator('.msg--bot').first().waitFor();
    expect(await frame.locator('.msg--bot').first().innerText()).toContain('Xin chào');
    await frame.locator('#text').fill('thủ tục khai sinh');
    await frame.locator('#text').press('Enter');
    await frame.locator('.msg--bot').nth(1).waitFor();
    await page.screenshot({ path: 'test-results/daily-widget-phone.png' });
    // The close button hides the panel.
    await page.click('#motcua-widget-panel button');
    expect(await page.locator('#motcua-widget-panel').isVisible()).toBe(false);
    // The chat page itself is not frameable except through the widget's address.
    const plain = await page.request.get(`${s.base}/`);
    expect(plain.headers()['x-frame-options']).toBeTruthy();
    await context.close();
  });
});
