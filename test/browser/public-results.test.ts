// The public results page (issue 15 item 18) in Chromium, phone and desktop: the week's results from
// the latest approved bulletin, the petitions whose senders agreed to publication with their answers,
// nothing personal; and the bulletin links to it.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { browserAvailable, useChatBrowser } from '../helpers/browser';
import { createPublication } from '../../models/repos/publications';
import { renderPublicationText } from '../../jobs/publications/prefill';
import { maskPersonal } from '../../bot/public/results';
import type { PublicationContent } from '../../models/schema/publications';

const WEEK: PublicationContent = {
  week: '2026-W48', from: '2026-11-23', to: '2026-11-29', received: 37,
  resolved: { total: 31, early: 12, onTime: 17, late: 2 },
  inProcess: { total: 9, onTime: 8, overdue: 1 },
  ready: [{ code: 'H12.34-261125-0007', procedure: 'Đăng ký khai sinh' }, { code: 'H12.34-261126-0002', procedure: 'Chứng thực bản sao' }],
};

describe.runIf(browserAvailable)('public results page (Chromium)', { timeout: 90_000 }, () => {
  const s = useChatBrowser({ background: false });

  async function petition(p: { code: string; kind?: string; isPublic: boolean; content: string; answer?: string; answeredAt?: string }) {
    await s.a.database.db.execute(sql`
      insert into feedback (code, kind, status, channel, user_id, content, name, address, phone, is_public, received_date, due_date, answer, answered_at)
      values (${p.code}, ${p.kind ?? 'kien_nghi'}, ${p.answer ? 'da_tra_loi' : 'moi'}, 'zalo', 'zalo-user-42', ${p.content}, 'Nguyễn Thị Hoa',
              'Thôn 5, xã Hoàng Kim', '0912345678', ${p.isPublic}, '2026-11-20', '2026-12-04', ${p.answer ?? null}, ${p.answeredAt ?? null})`);
  }

  it('shows the week and the published petitions with their answers, nothing personal (phone and desktop)', async () => {
    const draft = await createPublication(s.a.database.db, { week: WEEK.week, periodStart: WEEK.from, periodEnd: WEEK.to, content: WEEK, texts: { vi: 'x', en: 'x' }, createdBy: 'lan' });
    await s.a.database.db.execute(sql`update publications set state = 'sent' where id = ${draft.id}`);
    // A newer draft, not approved, is not public.
    await createPublication(s.a.database.db, { week: '2026-W49', periodStart: '2026-11-30', periodEnd: '2026-12-06', content: { ...WEEK, week: '2026-W49', received: 999 }, texts: { vi: 'x', en: 'x' }, createdBy: 'lan' });
    await petition({
      code: 'PA-20261120-0001', isPublic: true,
      content: 'Đường liên thôn 3 có ổ gà lớn, trời mưa rất nguy hiểm. Gọi tôi 0987 654 321 hoặc hoa@example.com.',
      answer: 'UBND xã đã giao Ban giao thông vá đường trong tuần sau.', answeredAt: '2026-11-25T03:00:00Z',
    });
    await petition({ code: 'PA-20261120-0002', kind: 'giai_quyet', isPublic: true, content: 'Đèn đường thôn 5 hỏng.', answer: 'Đã thay bóng đèn ngày 26/11.', answeredAt: '2026-11-26T03:00:00Z' });
    await petition({ code: 'PA-20261120-0003', isPublic: false, content: 'Riêng tư: không công khai', answer: 'Trả lời riêng', answeredAt: '2026-11-26T03:00:00Z' });
    await petition({ code: 'PA-20261120-0004', isPublic: true, content: 'Chưa trả lời thì chưa công khai' });
    await petition({ code: 'HT-20261120-0005', kind: 'ho_tro', isPublic: true, content: 'Yêu cầu gặp cán bộ', answer: 'Cán bộ đã gọi', answeredAt: '2026-11-26T03:00:00Z' });

    for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 900 }]] as const) {
      const context = await s.browser.newContext({ viewport });
      const page = await context.newPage();
      const res = await page.goto(`${s.base}/cong-khai`);
      expect(res!.status()).toBe(200);
      const body = await page.locator('body').innerText();
      expect(await page.locator('#week h2').innerText()).toBe('Tuần 2026-W48 (23/11/2026 – 29/11/2026)');
      expect(await page.locator('[data-k=received]').innerText()).toBe('37');
      expect(body).toContain('H12.34-261125-0007 – Đăng ký khai sinh');
      const articles = page.locator('#petitions article');
      expect(await articles.count()).toBe(2);
      // Most recently answered first, with the answer under the petition.
      expect(await articles.nth(0).innerText()).toContain('Đã thay bóng đèn ngày 26/11.');
      expect(await articles.nth(1).innerText()).toContain('vá đường trong tuần sau');
      // Nothing personal: not the sender's name, address, phone or channel; numbers typed in the text masked.
      for (const secret of ['Nguyễn Thị Hoa', 'Thôn 5, xã Hoàng Kim', '0912345678', '0987 654 321', 'hoa@example.com', 'zalo-user-42', 'Riêng tư', 'Chưa trả lời', 'Yêu cầu gặp cán bộ', '999']) {
        expect(body).not.toContain(secret);
      }
      expect(body).toContain('Gọi tôi ••• hoặc •••.');
      await page.screenshot({ path: `test-results/public-results-${name}.png`, fullPage: true });
      await context.close();
    }
    // The page in English has the same content under English headings.
    const en = await (await fetch(`${s.base}/cong-khai?lang=en`)).text();
    expect(en).toContain('Week 2026-W48');
    expect(en).toContain('Petitions and answers');
  });

  it('says so when nothing is published yet', async () => {
    await s.a.database.reset();
    const html = await (await fetch(`${s.base}/cong-khai`)).text();
    expect(html).toContain('Chưa có bản tin tuần nào được duyệt.');
    expect(html).toContain('Chưa có phản ánh nào được công khai.');
  });

  it('the bulletin links to the page when the site has a public address', () => {
    expect(renderPublicationText(WEEK, 'vi', 'UBND xã Hoàng Kim', 'https://motcua.example.gov.vn/')).toContain(
      'Xem kết quả và các câu trả lời phản ánh: https://motcua.example.gov.vn/cong-khai',
    );
    expect(renderPublicationText(WEEK, 'vi', 'UBND xã Hoàng Kim')).not.toContain('/cong-khai');
  });

  it('masks phone numbers, ID numbers and e-mail addresses', () => {
    expect(maskPersonal('SĐT 0912.345.678, CCCD 001203004567, mail a.b@x.vn, năm 2026, 3 ổ gà')).toBe('SĐT •••, CCCD •••, mail •••, năm 2026, 3 ổ gà');
  });
});
