// The complaints inbox in real Chromium: log in, filter, search, open, assign, note, answer, close,
// export; the answer reaches the citizen's web chat; an official can only read.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { converse, type TestAssistant } from '../helpers/assistant';
import { browserAvailable } from '../helpers/browser';
import { createUser, loginInBrowser, useAdminBrowser } from '../helpers/admin';
import { outboundMessages } from '../../models/schema/core';
import { findByCode } from '../../models/repos/feedback/filing';
import { createPetition } from '../helpers/factories';
import { feedbackEventsOf } from '../../models/repos/feedback/staff-actions';

describe.runIf(browserAvailable)('complaints inbox (Chromium)', { timeout: 90_000 }, () => {
  let a: TestAssistant;
  let base: string;
  let browser: Browser;
  let page: Page;

  // Playwright's own default wait: the inbox's live updates are slow on a loaded machine.
  useAdminBrowser({ timeoutMs: 30_000 }, (s) => ({ a, base, browser, page } = s));

  const CONTENT = 'Cán bộ tiếp nhận hẹn tôi ba lần vẫn chưa trả giấy xác nhận tình trạng hôn nhân.';

  async function seed() {
    // One PAKN sent through the web chat conversation, one old (overdue) one, one support request.
    await converse(a, 'citizen-web', ['gửi phản ánh', '@feedback:kind:giai_quyet', CONTENT, 'Lê Thị Hoa', 'Thôn 5, xã Hoàng Kim', '0912000111', 'không', 'gửi'], 'web');
    const old = await createPetition(
      a.database.db,
      { kind: 'quy_dinh', userId: 'citizen-old', content: 'Quy định nộp bản sao không hợp lý', name: 'Trần Văn Bảo', address: 'Thôn 1', phone: '0987000222' },
      '2024-03-01T03:00:00Z',
    );
    await converse(a, 'citizen-2', ['gặp cán bộ'], 'web');
    const fresh = (await a.database.db.query.feedback.findFirst({ where: (f, { eq }) => eq(f.userId, 'citizen-web') }))!;
    return { fresh, old };
  }

  const codes = async () => page.locator('#inbox tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));

  it('staff log in, filter, open, assign, note, answer and close; the citizen gets the answer', async () => {
    await createUser(a.database.db, { username: 'lan', role: 'staff', displayName: 'Nguyễn Thị Lan' });
    await createUser(a.database.db, { username: 'minh', role: 'staff' });
    const { fresh, old } = await seed();

    await loginInBrowser(page, base, 'lan');
    await page.click('nav.menu a[href="/admin/inbox"]');
    await page.waitForURL('**/admin/inbox');
    expect(await codes()).toHaveLength(3);
    // The old one is marked overdue.
    expect(await page.locator(`tr[data-code="${old.code}"] .overdue`).count()).toBe(1);
    expect(await page.locator(`tr[data-code="${fresh.code}"] .overdue`).count()).toBe(0);

    // Filters: kind, overdue, status, search.
    await page.selectOption('#inbox-filters select[name=kind]', 'giai_quyet');
    await Promise.all([page.waitForURL('**/admin/inbox?**'), page.click('#apply-filters')]);
    expect(await codes()).toEqual([fresh.code]);
    await page.goto(`${base}/admin/inbox`);
    await page.check('#inbox-filters input[name=overdue]');
    await Promise.all([page.waitForURL('**/admin/inbox?**'), page.click('#apply-filters')]);
    expect(await codes()).toEqual([old.code]);
    await page.goto(`${base}/admin/inbox?kind=ho_tro`);
    expect(await codes()).toHaveLength(1);
    await page.goto(`${base}/admin/inbox`);
    await page.fill('#inbox-filters input[name=q]', 'Lê Thị Hoa');
    await Promise.all([page.waitForURL('**/admin/inbox?**'), page.click('#apply-filters')]);
    expect(await codes()).toEqual([fresh.code]);

    // Open it: the whole conversation is there.
    await Promise.all([page.waitForURL(`**/admin/inbox/${fresh.id}`), page.click(`a:text("${fresh.code}")`)]);
    const conversation = await page.locator('#conversation').textContent();
    expect(conversation).toContain(CONTENT);
    expect(conversation).toContain('Lê Thị Hoa');
    expect(conversation).toContain('Mã theo dõi');
    expect(await page.locator('#status').textContent()).toBe('Mới tiếp nhận');

    // Assign to me, then "assigned to me" finds it.
    await Promise.all([page.waitForURL(`**/admin/inbox/${fresh.id}`), page.click('#assign-me')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã giao cho lan');
    expect(await page.locator('#assigned').textContent()).toBe('lan');
    await page.goto(`${base}/admin/inbox?mine=1`);
    expect(await codes()).toEqual([fresh.code]);
    await page.goto(`${base}/admin/inbox/${fresh.id}`);

    // Start handling, add an internal note.
    await Promise.all([page.waitForURL(`**/admin/inbox/${fresh.id}`), page.click('button[data-action=start]')]);
    expect(await page.locator('#status').textContent()).toBe('Đang xử lý');
    await page.fill('#note-form textarea', 'Đã gọi cho bộ phận tư pháp');
    await Promise.all([page.waitForURL(`**/admin/inbox/${fresh.id}`), page.click('#note-form button')]);
    expect(await page.locator('#notes').textContent()).toContain('Đã gọi cho bộ phận tư pháp');

    // Answer: stored, status "Đã trả lời", queued to the citizen's web chat as a staff message.
    await page.fill('#answer-form textarea', 'Xin lỗi chị, giấy xác nhận đã có, mời chị đến nhận sáng thứ Hai.');
    await Promise.all([page.waitForURL(`**/admin/inbox/${fresh.id}`), page.click('#answer-form button')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã gửi trả lời');
    expect(await page.locator('#status').textContent()).toBe('Đã trả lời');
    const out = await a.database.db.select().from(outboundMessages);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ channel: 'web', userId: 'citizen-web', kind: 'staff' });
    expect(JSON.stringify(out[0]!.replies)).toContain('mời chị đến nhận sáng thứ Hai');
    expect(await page.locator('#conversation').textContent()).toContain('mời chị đến nhận sáng thứ Hai');

    // Close.
    page.once('dialog', (d) => void d.accept()); // "Đóng phản ánh …?"
    await Promise.all([page.waitForURL(`**/admin/inbox/${fresh.id}`), page.click('button[data-action=close]')]);
    expect(await page.locator('#status').textContent()).toBe('Đã đóng');
    expect(await page.locator('#answer-form').count()).toBe(0);
    expect(await page.locator('button[data-action]').evaluateAll((b) => b.map((x) => x.getAttribute('data-action')))).toEqual(['reopen']);

    // Audit trail: who did what.
    const history = await page.locator('#history tbody').textContent();
    expect(history).toContain('Mới tiếp nhận → Đang xử lý');
    expect(history).toContain('Đang xử lý → Đã trả lời');
    expect(history).toContain('Đã trả lời → Đã đóng');
    const trail = await feedbackEventsOf(a.database.db, fresh.id);
    expect(trail.map((e) => `${e.actor}:${e.action}`)).toEqual([
      'citizen:created', 'lan:assign', 'lan:transition', 'lan:note', 'lan:transition', 'lan:answer', 'lan:transition',
    ]);

    // The citizen asks for the status and sees the answer.
    const [status] = await converse(a, 'citizen-web', [fresh.code], 'web');
    expect(status!.text).toContain('Đã đóng');
    expect(status!.text).toContain('mời chị đến nhận sáng thứ Hai');

    // Transfer needs the receiving body; then export the range to XLSX.
    await page.goto(`${base}/admin/inbox/${old.id}`);
    await page.fill('input[name=transferredTo]', 'UBND huyện Hoằng Hóa');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(`**/admin/inbox/${old.id}`), page.click('button[data-action=transfer]')]);
    expect(await page.locator('#status').textContent()).toBe('Đã chuyển cơ quan có thẩm quyền');
    expect((await findByCode(a.database.db, old.code))!.transferredTo).toBe('UBND huyện Hoằng Hóa');

    const res = await page.request.get(`${base}/admin/inbox/export.xlsx?from=2024-01-01&to=2030-12-31`);
    expect(res.status()).toBe(400); // more than a year
    const ok = await page.request.get(`${base}/admin/inbox/export.xlsx?from=2024-01-01&to=2024-12-31`);
    expect(ok.status()).toBe(200);
    expect(ok.headers()['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await ok.body()) as never);
    expect(wb.worksheets[0]!.getRow(4).values).toContain(old.code);
  });

  it('pages through a long list, keeping the filters', async () => {
    await createUser(a.database.db);
    for (let i = 0; i < 53; i++) {
      await createPetition(a.database.db, { kind: i < 52 ? 'kien_nghi' : 'khac', userId: `u${i}`, content: `Góp ý số ${i}` });
    }
    await loginInBrowser(page, base, 'lan');
    await page.goto(`${base}/admin/inbox?kind=kien_nghi`);
    expect(await codes()).toHaveLength(50);
    expect(await page.locator('#pager').textContent()).toContain('Trang 1/2');
    await Promise.all([page.waitForURL('**page=2'), page.click('#pager a[rel=next]')]);
    expect(await codes()).toHaveLength(2);
    expect(new URL(page.url()).searchParams.get('kind')).toBe('kien_nghi');
    expect(await page.locator('#pager a[rel=next]').count()).toBe(0);
  });

  it('an official sees the inbox but cannot act; a refused action says why', async () => {
    await createUser(a.database.db, { username: 'ongchu', role: 'official' });
    await createUser(a.database.db);
    const { fresh } = await seed();
    await loginInBrowser(page, base, 'ongchu');
    await page.goto(`${base}/admin/inbox/${fresh.id}`);
    expect(await page.locator('#answer-form').count()).toBe(0);
    expect(await page.locator('button[data-action]').count()).toBe(0);
    const token = await page.locator('input[name=_csrf]').first().getAttribute('value');
    const denied = await page.request.post(`${base}/admin/inbox/${fresh.id}/transition`, { form: { _csrf: token!, action: 'start' } });
    expect(denied.status()).toBe(403);

    // A staff member posts an action the state machine does not allow from the current status.
    const staff = await (await browser.newContext()).newPage();
    await loginInBrowser(staff, base, 'lan');
    await staff.goto(`${base}/admin/inbox/${fresh.id}`);
    const staffToken = await staff.locator('input[name=_csrf]').first().getAttribute('value');
    const refused = await staff.request.post(`${base}/admin/inbox/${fresh.id}/transition`, { form: { _csrf: staffToken!, action: 'close' } });
    // The redirect is followed: the detail page shows the refusal (the flash is shown once).
    expect(refused.status()).toBe(200);
    expect(await refused.text()).toContain('Không thể &quot;Đóng&quot; khi đang &quot;Mới tiếp nhận&quot;');
    expect((await findByCode(a.database.db, fresh.code))!.status).toBe('moi');
  });
});
