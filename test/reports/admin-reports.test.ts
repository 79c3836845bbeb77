// The Reports page in real Chromium: pick a period, see figures and warnings (never in the document),
// edit a section and find it in the downloaded .docx; an official approves; staff edit but do not approve.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAssistant, type TestAssistant } from '../helpers/assistant';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { createUser, loginInBrowser } from '../helpers/admin';
import { dossier, insertDossiers, loadReferenceQuarter } from './fixture';

function docxText(file: string): string {
  return execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' }).replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

describe.runIf(browserAvailable)('admin page Reports (Chromium)', () => {
  let a: TestAssistant;
  let base: string;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    a = await startTestAssistant();
    await a.database.reset();
    await loadReferenceQuarter(a.database.db);
    await createUser(a.database.db, { username: 'lanhdao', role: 'official' });
    await createUser(a.database.db, { username: 'canbo', role: 'staff' });
    base = `http://127.0.0.1:${(await a.listen(0)).port}`;
    browser = await launchBrowser();
    dir = mkdtempSync(path.join(tmpdir(), 'admin-report-'));
  });
  afterAll(async () => {
    await browser?.close();
    await a?.stop();
    await a?.database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(user: string): Promise<Page> {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page, base, user);
    return page;
  }

  it('shows the figures and warnings of a quarter and downloads both files', async () => {
    const page = await signedIn('lanhdao');
    await page.goto(`${base}/admin/`);
    await page.click('nav.menu a:has-text("Báo cáo")');
    await page.fill('input[name=period]', '2024-Q2');
    await page.click('#report-period button[type=submit]');
    await page.waitForSelector('#fig-dossiers');
    expect(await page.textContent('#report-window')).toContain('15/03/2024');
    expect(await page.textContent('#fig-dossiers [data-k=received]')).toBe('315');
    expect(await page.textContent('#fig-dossiers [data-k=resolved]')).toBe('315');
    expect(await page.textContent('#fig-dossiers [data-k=full_online]')).toBe('82');
    expect(await page.textContent('#fig-satisfaction [data-k=score]')).toBe('17,1');
    expect(await page.textContent('#fig-satisfaction [data-k=rating]')).toBe('Xuất sắc');
    expect(await page.textContent('#fig-satisfaction [data-k=hai_long]')).toBe('23,3%');
    expect(await page.locator('#report-warnings li[data-code=apology_without_late]').count()).toBe(1);
    expect(await page.locator('#report-warnings li[data-code=unconfirmed]').count()).toBe(1);
    const total = await page.locator('#table-06a tr.total td').allTextContents();
    expect(total.slice(2)).toEqual(['315', '302', '9', '4', '315', '255', '60', '0', '0', '0', '0']);

    const [docx] = await Promise.all([page.waitForEvent('download'), page.click('#download-docx')]);
    const docxFile = path.join(dir, docx.suggestedFilename());
    await docx.saveAs(docxFile);
    expect(docx.suggestedFilename()).toBe('bao-cao-tthc-2024-03-15-2024-06-14.docx');
    const xml = docxText(docxFile);
    expect(xml).toContain('điểm đánh giá 17,1/18 điểm, xếp loại Xuất sắc');
    // The warnings stay on screen.
    expect(xml).not.toContain('phiếu xin lỗi và hẹn lại ngày trả kết quả trong kỳ nhưng');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
    expect(xlsx.suggestedFilename()).toMatch(/^bieu-06a-5a-.*\.xlsx$/);
    await page.context().close();
  });

  it('edits a section and a figure, and finds them in the downloaded .docx; an official approves', async () => {
    const page = await signedIn('canbo');
    await page.goto(`${base}/admin/reports?period=2024-Q2`);
    const section = page.locator('.report-section[data-key="II.1"]');
    expect(await section.locator('.badge').getAttribute('data-state')).toBe('placeholder');
    await page.fill('textarea[name="text.II.1"]', 'Đường truyền mạng tại Bộ phận Một cửa còn chập chờn vào giờ cao điểm.');
    await page.fill('input[name="fig.vneid_accounts"]', '1.250');
    await Promise.all([page.waitForNavigation(), page.click('#save-draft')]);
    expect(await page.textContent('.flash-ok')).toContain('Đã lưu');
    expect(await section.locator('.badge').getAttribute('data-state')).toBe('confirmed');
    expect(await page.inputValue('textarea[name="text.II.1"]')).toBe('Đường truyền mạng tại Bộ phận Một cửa còn chập chờn vào giờ cao điểm.');
    // Staff do not approve.
    expect(await page.locator('#approve').count()).toBe(0);
    const [docx] = await Promise.all([page.waitForEvent('download'), page.click('#download-docx')]);
    const file = path.join(dir, 'canbo.docx');
    await docx.saveAs(file);
    const text = docxText(file);
    expect(text).toContain('Đường truyền mạng tại Bộ phận Một cửa còn chập chờn vào giờ cao điểm.');
    expect(text).toContain('được kích hoạt trong kỳ: 1.250 tài khoản');
    await page.context().close();

    const official = await signedIn('lanhdao');
    await official.goto(`${base}/admin/reports?period=2024-Q2`);
    await Promise.all([official.waitForNavigation(), official.click('#approve')]);
    expect(await official.getAttribute('#report-status', 'data-state')).toBe('approved');
    expect(await official.locator('textarea[name="text.II.1"]').getAttribute('readonly')).not.toBeNull();
    // Approved figures stay as approved when data change afterwards.
    await insertDossiers(a.database.db, [dossier({ receivedDate: '2024-04-10', dueDate: '2024-04-15', endDate: '2024-04-12', returnedDate: '2024-04-12' })]);
    await official.reload();
    expect(await official.textContent('#fig-dossiers [data-k=received]')).toBe('315');
    await Promise.all([official.waitForNavigation(), official.click('#reopen')]);
    expect(await official.getAttribute('#report-status', 'data-state')).toBe('draft');
    expect(await official.textContent('#fig-dossiers [data-k=received]')).toBe('316');
    await official.context().close();
  });

  it('explains a bad period', async () => {
    const page = await signedIn('lanhdao');
    const res = await page.goto(`${base}/admin/reports?period=2024-Q9`);
    expect(res!.status()).toBe(400);
    expect(await page.textContent('#report-error')).toContain('2024-Q2');
    await page.context().close();
  });

  it('shows staff the page, but refuses them the approval', async () => {
    const page = await signedIn('canbo');
    expect(await page.locator('nav.menu a').allTextContents()).toContain('Báo cáo');
    const res = await page.goto(`${base}/admin/reports?period=2024-Q2`);
    expect(res!.status()).toBe(200);
    const csrf = await page.inputValue('#draft input[name=_csrf]');
    const refused = await page.request.post(`${base}/admin/reports/approve`, { form: { _csrf: csrf, period: '2024-Q2' } });
    expect(refused.status()).toBe(403);
    await page.context().close();
  });
});
