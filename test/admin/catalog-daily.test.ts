// Catalog work staff do in the admin, in Chromium: add a procedure, export CSV and XLSX that import
// back unchanged, and fee cells written in Vietnamese words.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type TestAssistant } from '../helpers/assistant';
import { browserAvailable } from '../helpers/browser';
import { useAdminBrowser } from '../helpers/admin';
import { getProcedure, previewImport } from '../../knowledge/catalog';
import { parseFeeCell } from '../../knowledge/catalog-files';
import { readCatalogUpload } from '../../admin/catalog-file';

describe('fee cells in Vietnamese words', () => {
  it.each([
    ['Miễn phí', [{ kind: 'free' }]],
    ['Không thu', [{ kind: 'free' }]],
    ['không thu phí', [{ kind: 'free' }]],
    ['Miễn phí: người có công với cách mạng', [{ kind: 'free', condition: 'người có công với cách mạng' }]],
    ['Do tỉnh quy định', [{ kind: 'province', amount: null }]],
    ['50.000 đồng/bản', [{ kind: 'fixed', amount: 50000, unit: 'bản' }]],
    ['fixed 8000/bản; Miễn phí: trẻ em', [{ kind: 'fixed', amount: 8000, unit: 'bản' }, { kind: 'free', condition: 'trẻ em' }]],
  ])('"%s"', (cell, want) => {
    expect(parseFeeCell(cell)).toEqual(want);
  });
  it('still refuses what it cannot read, saying so', () => {
    expect(() => parseFeeCell('tuỳ trường hợp')).toThrow(/không hiểu quy tắc lệ phí/);
  });
});

describe.runIf(browserAvailable)('catalog in the admin (Chromium)', { timeout: 90_000 }, () => {
  let a: TestAssistant;
  let base: string;
  let page: Page;
  useAdminBrowser({ users: [{ username: 'lan', role: 'staff' }], catalog: true, viewport: { width: 390, height: 844 }, timeoutMs: 15_000, login: 'lan' }, (s) => ({ a, base, page } = s));

  it('adds a procedure in the admin; a bad or existing code is explained', async () => {
    await page.goto(`${base}/admin/catalog`);
    await Promise.all([page.waitForURL('**/admin/catalog/new'), page.click('#add-procedure')]);
    await page.fill('input[name=code]', '1.001193');
    await page.fill('input[name=name]', 'Thủ tục thử');
    await page.fill('input[name=field]', 'Hộ tịch');
    await page.click('#new-procedure button');
    await page.waitForLoadState('load');
    expect(await page.locator('#add-errors').textContent()).toContain('Đã có thủ tục mã 1.001193');
    await page.fill('input[name=code]', '9.999');
    await page.click('#new-procedure button');
    await page.waitForLoadState('load');
    expect(await page.locator('#add-errors').textContent()).toContain('1.001193');
    expect(await page.locator('input[name=name]').inputValue()).toBe('Thủ tục thử'); // nothing typed is lost
    await page.fill('input[name=code]', '2.999001');
    await page.fill('input[name=name]', 'Xác nhận nơi cư trú tạm thời cho người lao động');
    await page.fill('textarea[name=documents]', 'Tờ khai\nGiấy tờ tuỳ thân');
    await Promise.all([page.waitForURL('**/admin/catalog/2.999001'), page.click('#new-procedure button')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã thêm thủ tục 2.999001');
    const p = (await getProcedure(a.database.db, '2.999001'))!;
    expect(p).toMatchObject({ name: 'Xác nhận nơi cư trú tạm thời cho người lao động', field: 'Hộ tịch', documents: ['Tờ khai', 'Giấy tờ tuỳ thân'] });
  });

  it('exports CSV and XLSX that import back with no change', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const res = await page.request.get(`${base}/admin/catalog/export.${format}`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-disposition']).toContain(`.${format}`);
      const rows = await readCatalogUpload(await res.body(), `danh-muc.${format}`);
      expect(rows.length).toBeGreaterThan(10);
      const preview = await previewImport(a.database.db, rows);
      expect(preview.errors).toEqual([]);
      expect(preview.changes.filter((c) => c.action !== 'unchanged')).toEqual([]);
    }
  });
});
