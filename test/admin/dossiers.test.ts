// Dossiers in the admin, in Chromium: import an export file from the browser (preview, row errors,
// then apply) while the web chat keeps answering; list with search without diacritics; detail
// without personal data; a ratings file the same way.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type TestAssistant } from '../helpers/assistant';
import { browserAvailable } from '../helpers/browser';
import { webUser } from '../helpers/webchat';
import { loginInBrowser, useAdminBrowser } from '../helpers/admin';
import { findDossier } from '../../models/repos/dossiers/records';
import { ratings } from '../../models/schema/ratings';
import { code, row, writeCsv } from '../dossiers/fixtures';
import { dossier, insertDossiers } from '../reports/fixture';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe.runIf(browserAvailable)('dossiers in the admin (Chromium)', { timeout: 120_000 }, () => {
  let a: TestAssistant;
  let base: string;
  let page: Page;

  useAdminBrowser({ users: [{ username: 'lan', role: 'staff' }], viewport: { width: 1280, height: 800 }, timeoutMs: 20_000 }, (s) => ({ a, base, page } = s));

  /** One web chat message over HTTP, as the page sends it. */
  async function chat(text: string): Promise<number> {
    const res = await fetch(`${base}/api/webchat/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: webUser(a, 'web-citizen-1'), text }),
    });
    return res.status;
  }

  it('imports a dossier export from the browser with a preview and row errors, while the chat keeps answering', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i + 1, i === 0 ? { ten_thu_tuc: 'Chứng thực bản sao từ bản chính', trang_thai: 10, ngay_ket_thuc_xu_ly: '02/04/2024', ngay_tra_ket_qua: '03/04/2024' } : {}));
    rows.push(row(301, { trang_thai: 42 }), row(302, { ngay_tiep_nhan: '31/02/2024' }));
    const file = writeCsv(rows, { vietnamese: true });
    await loginInBrowser(page, base, 'lan');
    await page.click('nav.menu a[href="/admin/dossiers"]');
    await Promise.all([page.waitForURL('**/admin/dossiers/import'), page.click('#dossier-import-link')]);
    await page.setInputFiles('#import-form input[type=file]', file);
    await Promise.all([page.waitForURL('**/admin/dossiers/import**'), page.click('#import-form button')]);
    expect(await page.locator('#preview [data-k=total]').textContent()).toBe('302');
    expect(await page.locator('#preview [data-k=valid]').textContent()).toBe('300');
    expect(await page.locator('#preview [data-k=rejected]').textContent()).toBe('2');
    const errors = await page.locator('#row-errors li').allTextContents();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^Dòng 302: cột Trạng thái/);
    expect(await findDossier(a.database.db, code(1))).toBeUndefined(); // nothing yet
    await page.screenshot({ path: 'test-results/daily-dossier-import-preview.png', fullPage: false });

    // Apply, with citizens chatting at the same time: every message gets its answer.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    const chats = Promise.all(['thủ tục khai sinh', 'lệ phí chứng thực', 'xin chào'].map(chat));
    await Promise.all([page.waitForURL('**/admin/dossiers'), page.click('#apply')]);
    expect(await chats).toEqual([200, 200, 200]);
    expect(asked).toContain('2 dòng lỗi');
    expect(await page.locator('.flash-ok').textContent()).toContain('300 mới');
    expect((await findDossier(a.database.db, code(1)))!.status).toBe(10);

    // Search without diacritics, then the detail without personal data.
    await page.fill('#dossier-filters input[name=q]', 'chung thuc ban sao');
    await Promise.all([page.waitForURL('**/admin/dossiers?**'), page.click('#dossier-search')]);
    expect(await page.locator('#dossiers tbody tr').count()).toBe(1);
    await Promise.all([page.waitForURL(`**/admin/dossiers/${encodeURIComponent(code(1))}`), page.click(`a:text("${code(1)}")`)]);
    expect(await page.locator('#status').textContent()).toContain('10');
    const html = await page.content();
    expect(html).not.toContain('Nguyễn Văn 1');
    expect(html).not.toContain('0910000001');
  });

  it('shows why a file cannot be read, and imports a ratings workbook', async () => {
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/dossiers/import`);
    const dir = mkdtempSync(path.join(tmpdir(), 'ratings-'));
    const bad = path.join(dir, 'sai.csv');
    writeFileSync(bad, 'a,b\n1,2\n');
    await page.setInputFiles('#import-form input[type=file]', bad);
    await Promise.all([page.waitForURL('**/admin/dossiers/import**'), page.click('#import-form button')]);
    expect(await page.locator('#import-error').textContent()).toContain('Không tìm thấy dòng tiêu đề');

    // A form counts only for a dossier on record, dated on or after its receipt (reports/ratings-import.ts).
    await insertDossiers(a.database.db, [dossier({ code: code(1), receivedDate: '2024-04-01', dueDate: '2024-04-04', endDate: '2024-04-03', returnedDate: '2024-04-03' })]);
    const file = path.join(dir, 'phieu.csv');
    writeFileSync(file, `ma_ho_so,ngay_danh_gia,${Array.from({ length: 9 }, (_, i) => `chi_so_${i + 1}`).join(',')},muc_do\n${code(1)},2024-04-05,2,2,2,2,2,2,2,2,2,hài lòng\n${code(2)},hôm qua,,,,,,,,,,\n`);
    await page.check('#import-form input[value=ratings]');
    await page.setInputFiles('#import-form input[type=file]', file);
    await Promise.all([page.waitForURL('**/admin/dossiers/import**'), page.click('#import-form button')]);
    expect(await page.locator('#preview [data-k=valid]').textContent()).toBe('1');
    expect(await page.locator('#row-errors li').count()).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL('**/admin/dossiers/import'), page.click('#apply')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã nhập 1 phiếu');
    expect(await a.database.db.select().from(ratings)).toHaveLength(1);
  });
});
