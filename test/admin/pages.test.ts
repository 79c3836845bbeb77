// The pages staff use every day, in Chromium: dashboard, catalog (search, edit with fees, import
// with preview), unanswered questions, user management.
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { eq, sql } from 'drizzle-orm';
import { type TestAssistant } from '../helpers/assistant';
import { browserAvailable } from '../helpers/browser';
import { createUser, loginInBrowser, useAdminBrowser } from '../helpers/admin';
import { adminAudit, adminUsers } from '../../models/schema/admin';
import { unansweredQuestions } from '../../models/schema/core';
import { getProcedure, updateProcedure } from '../../knowledge/catalog';
import { vnDate } from '../../admin/stats';

// Chromium on a shared 2-core machine: a page round trip can take seconds.
describe.runIf(browserAvailable)('admin pages (Chromium)', { timeout: 90_000 }, () => {
  let a: TestAssistant;
  let base: string;
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(path.join(tmpdir(), 'admin-import-'));

  useAdminBrowser({ catalog: true }, (s) => ({ a, base, browser, page } = s));

  async function auditActions(): Promise<string[]> {
    return (await a.database.db.select({ action: adminAudit.action }).from(adminAudit).orderBy(adminAudit.id)).map((r) => r.action);
  }

  it('dashboard counts today and this quarter, with charts', async () => {
    const db = a.database.db;
    await db.execute(sql`insert into messages (channel, user_id, direction, text, created_at) values
      ('web', 'u1', 'in', 'a', now()), ('web', 'u1', 'in', 'b', now()), ('zalo', 'u2', 'in', 'c', now()),
      ('web', 'u1', 'out', 'reply', now()), ('web', 'u3', 'in', 'old', now() - interval '400 days')`);
    await db.execute(sql`insert into unanswered_questions (normalized, text) values ('x', 'x'), ('y', 'y')`);
    const today = vnDate(new Date());
    await db.execute(sql`insert into dossiers (code, status, received_date, content_hash) values
      ('H1', 4, ${today}::date, 'h'), ('H2', 4, ${today}::date, 'h'), ('H3', 9, ${today}::date, 'h'), ('H4', 2, '2001-01-01', 'h')`);
    await createUser(db);
    await loginInBrowser(page, base, 'lan');
    const today$ = page.locator('#period-today');
    expect(await today$.locator('[data-k=messages]').textContent()).toBe('3');
    expect(await today$.locator('[data-k=conversations]').textContent()).toBe('2');
    expect(await today$.locator('[data-k=unanswered]').textContent()).toBe('2');
    expect(await today$.locator('[data-k=dossier-4]').textContent()).toBe('2');
    expect(await today$.locator('[data-k=dossier-9]').textContent()).toBe('1');
    expect(await page.locator('#period-quarter [data-k=messages]').textContent()).toBe('3');
    expect(await page.locator('#period-quarter [data-k=dossier-2]').count()).toBe(0);
    expect(await page.locator('svg.chart').count()).toBe(2);
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(10);
    expect(await page.content()).toContain('Phản ánh, kiến nghị đang xử lý');
  });

  it('searches the catalog without diacritics and edits a procedure with its fees', async () => {
    await createUser(a.database.db);
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/catalog?q=khai%20sinh%20luu%20dong`);
    const names = await page.locator('#procedures tbody tr').allTextContents();
    expect(names).toHaveLength(1);
    expect(names[0]).toContain('Đăng ký khai sinh lưu động');

    await page.goto(`${base}/admin/catalog/2.000815`);
    const feeRow = page.locator('#fees tr[data-fee="0"]');
    expect(await feeRow.locator('select').inputValue()).toBe('per_page');
    await feeRow.locator('input[name=fee_tiers_0]').fill('1-2: 3.000; 3-: 1.500');
    await feeRow.locator('input[name=fee_cap_0]').fill('150.000');
    // Add a fixed-fee rule in a blank row.
    const blank = (await page.locator('#fees tbody tr').count()) - 1;
    await page.locator(`select[name=fee_kind_${blank}]`).selectOption('fixed');
    await page.fill(`input[name=fee_amount_${blank}]`, '5.000');
    await page.fill(`input[name=fee_label_${blank}]`, 'bản sao điện tử');
    await page.click('#procedure-form button.primary');
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã lưu thủ tục 2.000815');
    const p = (await getProcedure(a.database.db, '2.000815'))!;
    expect(p.fees![0]).toMatchObject({ kind: 'per_page', tiers: [{ from: 1, to: 2, amount: 3000 }, { from: 3, amount: 1500 }], cap: 150000 });
    expect(p.fees!.at(-1)).toEqual({ kind: 'fixed', amount: 5000, label: 'bản sao điện tử' });
    const [entry] = await a.database.db.select().from(adminAudit).where(eq(adminAudit.action, 'catalog.edit'));
    expect(entry).toMatchObject({ target: '2.000815', actorName: 'lan', details: { fields: ['fees'] } });

    // A bad amount is refused with a message and nothing is saved.
    // (the new rule now sits right after the existing ones)
    expect(await page.locator(`select[name=fee_kind_${blank - 1}]`).inputValue()).toBe('fixed');
    await page.locator(`input[name=fee_amount_${blank - 1}]`).fill('năm nghìn');
    await page.click('#procedure-form button.primary');
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-error').first().textContent()).toContain('số tiền không hợp lệ');
    expect((await getProcedure(a.database.db, '2.000815'))!.fees).toEqual(p.fees);
  });

  it('lists what to review (a replaced legal basis first) and shows and edits each fact\'s sources', async () => {
    await createUser(a.database.db);
    // A procedure edited back to the old decree: staff must see it before citizens act on it.
    await updateProcedure(a.database.db, '1.001612', { legalBasis: 'Nghị định 01/2021/NĐ-CP' });
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/catalog`);
    await page.click('#review-link');
    await page.waitForLoadState('load');
    const first = page.locator('#review tbody tr').first();
    expect(await first.textContent()).toContain('1.001612');
    expect(await first.textContent()).toContain('Căn cứ đã bị thay thế');
    expect(await first.textContent()).toContain('đã được thay thế bởi Nghị định 168/2025/NĐ-CP');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(dir, 'review-phone.png'), fullPage: true });

    await first.locator('a').first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('#findings').textContent()).toContain('Nghị định 01/2021/NĐ-CP');
    const sources = page.locator('textarea[name=sources]');
    expect(await sources.inputValue()).toContain('time: Quyết định 2831/QĐ-UBND TP Hải Phòng');
    expect(await page.locator('input[name=reviewedAt]').inputValue()).toBe('2026-11-30');
    await page.fill('textarea[name=legalBasis]', 'Nghị định 168/2025/NĐ-CP');
    await sources.fill(`${await sources.inputValue()}\nlegalBasis: Nghị định 168/2025/NĐ-CP | Điều 99 | 2025-06-30`);
    await page.click('#procedure-form button.primary');
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã lưu thủ tục 1.001612');
    expect(await page.locator('#findings').count()).toBe(0);
    const p = (await getProcedure(a.database.db, '1.001612'))!;
    expect(p.sources.legalBasis).toContainEqual({ doc: 'Nghị định 168/2025/NĐ-CP', article: 'Điều 99', date: '2025-06-30' });
    expect(p.sources.time![0]!.note).toContain('Nghị định 168/2025/NĐ-CP');
    const [entry] = await a.database.db.select().from(adminAudit).where(eq(adminAudit.action, 'catalog.edit'));
    expect(entry!.details).toEqual({ fields: ['legalBasis', 'sources'] });

    // A source line in the wrong form is refused with its line number; nothing is saved.
    await sources.fill('thời hạn: Nghị định 168/2025/NĐ-CP | Điều 99 | 30/6/2025');
    await page.click('#procedure-form button.primary');
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-error').first().textContent()).toContain('nguồn dòng 1');
    expect((await getProcedure(a.database.db, '1.001612'))!.sources).toEqual(p.sources);
  });

  it('does not silently overwrite a procedure someone saved after the form was opened', async () => {
    await createUser(a.database.db);
    await createUser(a.database.db, { username: 'minh', role: 'staff' });
    const other = await (await browser.newContext()).newPage();
    other.setDefaultTimeout(10_000);
    await loginInBrowser(page, base, 'lan');
    await loginInBrowser(other, base, 'minh');
    await page.goto(`${base}/admin/catalog/1.000656`);
    await other.goto(`${base}/admin/catalog/1.000656`);
    await other.fill('input[name=timeText]', 'Trong ngày (Minh sửa)');
    await other.click('#procedure-form button.primary');
    await other.waitForLoadState('load');
    await page.fill('input[name=timeText]', 'Trong ngày (Lan sửa)');
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#procedure-form button.primary')]);
    expect(res.status()).toBe(409);
    expect(await page.locator('.flash-error').textContent()).toContain('Người khác vừa lưu');
    expect(await page.inputValue('input[name=timeText]')).toBe('Trong ngày (Lan sửa)');
    expect((await getProcedure(a.database.db, '1.000656'))!.timeText).toBe('Trong ngày (Minh sửa)');
    // Saving again, knowingly, overwrites.
    await page.click('#procedure-form button.primary');
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã lưu');
    expect((await getProcedure(a.database.db, '1.000656'))!.timeText).toBe('Trong ngày (Lan sửa)');
  });

  it('imports a file: shows what will change, changes nothing until applied, then applies', async () => {
    await createUser(a.database.db);
    await loginInBrowser(page, base, 'lan');
    const before = (await getProcedure(a.database.db, '1.000894'))!;
    const file = path.join(dir, 'catalog.csv');
    writeFileSync(file, [
      'code,name,field,timeText,aliases',
      `1.000894,${before.name},${before.field},Trong ngày làm việc,cưới vợ | đăng ký cưới`,
      '1.999999,Thủ tục thử nghiệm mới,Hộ tịch,3 ngày làm việc,',
    ].join('\n'));
    await page.goto(`${base}/admin/catalog/import`);
    await page.setInputFiles('input[name=file]', file);
    await page.click('#import-form button');
    await page.waitForLoadState('load');
    expect(await page.locator('#preview-summary').textContent()).toContain('Thêm mới 1, cập nhật 1');
    const update = await page.locator('#import-changes tr[data-code="1.000894"]').textContent();
    expect(update).toContain('timeText');
    expect(update).toContain('Trong ngày làm việc');
    expect(await getProcedure(a.database.db, '1.999999')).toBeNull();

    await page.click('#apply-import');
    await page.waitForURL('**/admin/catalog');
    expect(await page.locator('.flash-ok').textContent()).toContain('thêm 1, cập nhật 1');
    expect((await getProcedure(a.database.db, '1.000894'))!.timeText).toBe('Trong ngày làm việc');
    expect((await getProcedure(a.database.db, '1.000894'))!.aliases).toEqual(['cưới vợ', 'đăng ký cưới']);
    expect(await getProcedure(a.database.db, '1.999999')).not.toBeNull();
    expect(await auditActions()).toContain('catalog.import');

    // A file with a bad row shows the row and offers nothing to apply.
    writeFileSync(file, 'code,name,field\n1.000894,,Hộ tịch\nnot-a-code,X,Y\n');
    await page.goto(`${base}/admin/catalog/import`);
    await page.setInputFiles('input[name=file]', file);
    await page.click('#import-form button');
    await page.waitForLoadState('load');
    expect(await page.locator('#import-errors tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#apply-import').count()).toBe(0);
  });

  it('lists unanswered questions most frequent first, marks one handled, warns about an alias that will not work', async () => {
    const db = a.database.db;
    await db.insert(unansweredQuestions).values([
      { normalized: 'a', text: 'hỏi một lần', count: 1 },
      { normalized: 'b', text: 'hỏi nhiều lần', count: 7 },
      { normalized: 'c', text: 'hỏi vài lần', count: 3 },
    ]);
    await createUser(db);
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/unanswered`);
    const rows = page.locator('#unanswered tbody tr');
    expect((await rows.allTextContents()).map((t) => t.includes('nhiều') ? 7 : t.includes('vài') ? 3 : 1)).toEqual([7, 3, 1]);
    await rows.nth(1).locator('form[action$="/handled"] button').click();
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-ok').textContent()).toContain('đã xử lý');
    expect(await page.locator('#unanswered tbody tr').count()).toBe(2);
    const [c] = await db.select().from(unansweredQuestions).where(eq(unansweredQuestions.normalized, 'c'));
    expect(c!.status).toBe('handled');

    // Attaching a phrasing made only of filler words works, but staff are told it will not be recognised.
    await db.insert(unansweredQuestions).values({ normalized: 'filler', text: 'ạ ơi cho em hỏi với', count: 9 });
    await page.goto(`${base}/admin/unanswered`);
    const filler = page.locator('#unanswered tbody tr', { hasText: 'ạ ơi cho em hỏi với' });
    await filler.locator('input[name=procedure]').fill('1.001193');
    await filler.locator('.alias-form button').click();
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã thêm cách hỏi vào thủ tục 1.001193');
    expect(await page.locator('.flash-error').textContent()).toContain('vẫn chưa nhận ra');
    // An unknown procedure code is refused.
    await db.insert(unansweredQuestions).values({ normalized: 'z', text: 'câu khác', count: 1 });
    await page.goto(`${base}/admin/unanswered`);
    const other = page.locator('#unanswered tbody tr', { hasText: 'câu khác' });
    await other.locator('input[name=procedure]').fill('9.999999');
    await other.locator('.alias-form button').click();
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-error').textContent()).toContain('Không có thủ tục mã "9.999999"');
  });

  it('lets an admin create a user, change the role and disable it (last admin protected)', async () => {
    const db = a.database.db;
    await createUser(db, { username: 'boss', role: 'admin' });
    await loginInBrowser(page, base, 'boss');
    await page.goto(`${base}/admin/users`);
    await page.fill('#create-user input[name=username]', 'Minh');
    await page.selectOption('#create-user select[name=role]', 'official');
    await page.click('#create-user button');
    await page.waitForLoadState('load');
    const notice = (await page.locator('#notice').textContent())!;
    const temp = /: (\S+) \(/.exec(notice)![1]!;
    let [minh] = await db.select().from(adminUsers).where(eq(adminUsers.username, 'minh'));
    expect(minh).toMatchObject({ role: 'official', mustChangePassword: true, disabled: false });

    await page.selectOption('tr[data-user=minh] select[name=role]', 'staff');
    await page.click('tr[data-user=minh] form[action$="/role"] button');
    await page.waitForLoadState('load');
    page.once('dialog', (d) => void d.accept()); // "Khoá tài khoản …?"
    await page.click('tr[data-user=minh] form[action$="/disable"] button');
    await page.waitForLoadState('load');
    [minh] = await db.select().from(adminUsers).where(eq(adminUsers.username, 'minh'));
    expect(minh).toMatchObject({ role: 'staff', disabled: true });
    // A disabled account cannot sign in.
    const other = await (await browser.newContext()).newPage();
    await loginInBrowser(other, base, 'minh', temp);
    expect(new URL(other.url()).pathname).toBe('/admin/login');

    // The only admin cannot demote or disable themself.
    await page.selectOption('tr[data-user=boss] select[name=role]', 'staff');
    await page.click('tr[data-user=boss] form[action$="/role"] button');
    await page.waitForLoadState('load');
    expect(await page.locator('.flash-error').textContent()).toContain('ít nhất một quản trị viên');
    const [boss] = await db.select().from(adminUsers).where(eq(adminUsers.username, 'boss'));
    expect(boss!.role).toBe('admin');
    expect(await auditActions()).toEqual(expect.arrayContaining(['user.create', 'user.role', 'user.disable']));
  });
});
