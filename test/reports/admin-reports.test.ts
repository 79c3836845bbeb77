// The Reports page in real Chromium: officials pick a period, see figures and warnings, download
// the .docx and .xlsx; staff do not get it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAssistant, type TestAssistant } from '../helpers/assistant';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { createUser, loginInBrowser } from '../helpers/admin';
import { loadReferenceQuarter } from './fixture';

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
    const total = await page.locator('#table-06a tr.total td').allTextContents();
    expect(total.slice(2)).toEqual(['315', '302', '9', '4', '315', '255', '60', '0', '0', '0', '0']);

    const [docx] = await Promise.all([page.waitForEvent('download'), page.click('#download-docx')]);
    const docxFile = path.join(dir, docx.suggestedFilename());
    await docx.saveAs(docxFile);
    expect(docx.suggestedFilename()).toBe('bao-cao-tthc-2024-03-15-2024-06-14.docx');
    const xml = execFileSync('unzip', ['-p', docxFile, 'word/document.xml'], { encoding: 'utf8' }).replace(/<[^>]+>/g, '');
    expect(xml).toContain('điểm đánh giá 17,1/18 điểm, xếp loại Xuất sắc');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
    expect(xlsx.suggestedFilename()).toMatch(/^bieu-06a-.*\.xlsx$/);
    await page.context().close();
  });

  it('explains a bad period', async () => {
    const page = await signedIn('lanhdao');
    const res = await page.goto(`${base}/admin/reports?period=2024-Q9`);
    expect(res!.status()).toBe(400);
    expect(await page.textContent('#report-error')).toContain('2024-Q2');
    await page.context().close();
  });

  it('is not offered to staff, and refuses them', async () => {
    const page = await signedIn('canbo');
    expect(await page.locator('nav.menu a').allTextContents()).not.toContain('Báo cáo');
    const res = await page.goto(`${base}/admin/reports?period=2024-Q2`);
    expect(res!.status()).toBe(403);
    const file = await page.request.get(`${base}/admin/reports/report.docx?period=2024-Q2`);
    expect(file.status()).toBe(403);
    await page.context().close();
  });
});
