import { describe, expect, it } from 'vitest';
import { loadSampleCatalogIfEmpty } from '../../knowledge/catalog';
import { sql } from 'drizzle-orm';
import { converse, startTestAssistant, useTestAssistant } from '../helpers/assistant';
import { webUser } from '../helpers/webchat';
import { ConsoleChannel } from '../../bot/channels/console';
import { verifyDossierAccess } from '../../models/repos/dossiers/lookups';
import { dateIn as todayIn } from '../../core/clock';
import { addDossiers, code, row, type Row } from '../helpers/factories';

const a = useTestAssistant({ env: { OFFICE_ADDRESS: 'Bộ phận Một cửa UBND xã Hoàng Kim', OFFICE_HOURS: '07:30-17:00', OFFICE_DAYS: '1,2,3,4,5' } });

/** Day offset from today (Asia/Ho_Chi_Minh) as dd/MM/yyyy. */
function day(offset: number): string {
  const [y, m, d] = todayIn('Asia/Ho_Chi_Minh').split('-').map(Number);
  const dt = new Date(Date.UTC(y!, m! - 1, d! + offset));
  return `${String(dt.getUTCDate()).padStart(2, '0')}/${String(dt.getUTCMonth() + 1).padStart(2, '0')}/${dt.getUTCFullYear()}`;
}

const seed = (rows: Row[], source: 'import' | 'api' = 'import') => addDossiers(a.database.db, rows, source);

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await a.database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

// Dossier 1: phone ends in 5678, within its time limit.
const D1 = () => row(1, { so_dien_thoai: '0912 345 678', chu_ho_so: 'Lê Thị Hoa', ngay_tiep_nhan: day(-2), ngay_hen_tra: day(3) });

describe('dossier look-up conversation', () => {
  it('the menu offers the look-up', async () => {
    const [t] = await converse(a, 'u0', ['xin chào']);
    expect(t!.text).toContain('Tra cứu hồ sơ');
  });

  it('right code and digits: procedure, dates, plain status, on time, where to collect; no personal data', async () => {
    await seed([D1()]);
    const turns = await converse(a, 'u1', ['tra cứu hồ sơ', code(1), '5678']);
    expect(turns[0]!.text).toContain('mã hồ sơ');
    expect(turns[1]!.text).toContain('4 số cuối');
    const answer = turns[2]!.text;
    expect(answer).toContain(`Hồ sơ ${code(1)}`);
    expect(answer).toContain('Thủ tục: Đăng ký khai sinh');
    expect(answer).toContain(`Ngày tiếp nhận: ${day(-2)}`);
    expect(answer).toContain(`Ngày hẹn trả: ${day(3)}`);
    expect(answer).toContain('Tình trạng: đang được cán bộ xử lý');
    expect(answer).toContain('đang trong hạn');
    expect(answer).toContain(`Dự kiến nhận kết quả từ ngày ${day(3)} tại Bộ phận Một cửa UBND xã Hoàng Kim, giờ làm việc 07:30-17:00, từ thứ Hai đến thứ Sáu`);
    expect(answer).not.toMatch(/Lê Thị Hoa|0912|345 ?678/);
    expect(answer).toContain('Báo cho tôi khi có kết quả');
  });

  it('a late dossier with an apology letter shows the new date', async () => {
    await seed([row(2, { so_dien_thoai: '0900001111', ngay_tiep_nhan: day(-10), ngay_hen_tra: day(-2), ngay_xin_loi: day(-3), ngay_hen_moi: day(4) })]);
    const turns = await converse(a, 'u2', [`hồ sơ ${code(2)} của tôi đến đâu rồi`, '1111']);
    expect(turns[1]!.text).toContain('quá hạn 2 ngày');
    expect(turns[1]!.text).toContain(`văn bản xin lỗi ngày ${day(-3)} và hẹn lại ngày trả kết quả: ${day(4)}`);
    expect(turns[1]!.text).toContain(`Dự kiến nhận kết quả từ ngày ${day(4)}`);
    // Late without a new date: no date in the past is promised.
    await seed([row(3, { so_dien_thoai: '0900003333', ngay_tiep_nhan: day(-10), ngay_hen_tra: day(-1) })]);
    const late = await converse(a, 'u2b', [code(3), '3333']);
    expect(late[1]!.text).toContain('quá hạn 1 ngày');
    expect(late[1]!.text).toContain('chưa được hẹn lại');
    expect(late[1]!.text).not.toContain('Dự kiến');
  });

  it('wrong digits and an unknown code get the same answer', async () => {
    await seed([D1()]);
    const wrong = await converse(a, 'u3', [code(1), '1234']);
    const unknown = await converse(a, 'u4', [code(99), '5678']);
    expect(wrong[1]!.text).toContain('không khớp');
    expect(unknown[0]!.text).toBe(wrong[0]!.text.replace(code(1), code(99)));
    expect(unknown[1]!.text).toBe(wrong[1]!.text);
    const attempts = await rows<{ user_id: string; outcome: string; success: boolean }>(
      sql`select user_id, outcome, success from dossier_lookups order by id`,
    );
    expect(attempts).toEqual([
      { user_id: 'u3', outcome: 'mismatch', success: false },
      { user_id: 'u4', outcome: 'mismatch', success: false },
    ]);
  });

  it('locks the user out after 5 failures within an hour, for an hour; others are not affected', async () => {
    await seed([D1()]);
    const turns = await converse(a, 'u5', [code(1), '0000', '0001', code(7), '0002', '0003', '0004']);
    expect(turns[1]!.text).toContain('còn 4 lần');
    expect(turns[5]!.text).toContain('còn 1 lần');
    expect(turns[6]!.text).toContain('nhập sai 5 lần');
    // Even the right digits are refused now, and the refusal is recorded.
    const after = await converse(a, 'u5', [code(1), 'tra cứu hồ sơ']);
    expect(after[0]!.text).toContain('nhập sai 5 lần');
    expect(after[1]!.text).toContain('nhập sai 5 lần');
    const counts = await rows<{ outcome: string; n: number }>(
      sql`select outcome, count(*)::int as n from dossier_lookups where user_id = 'u5' group by outcome order by outcome`,
    );
    expect(counts).toEqual([{ outcome: 'locked', n: 1 }, { outcome: 'mismatch', n: 5 }]);
    const other = await converse(a, 'u6', [code(1), '5678']);
    expect(other[1]!.text).toContain('Thủ tục: Đăng ký khai sinh');
    // An hour later the lock has expired.
    const later = new Date(Date.now() + 61 * 60 * 1000);
    const res = await verifyDossierAccess(a.database.db, { channel: 'console', userId: 'u5', code: code(1), digits: '5678', now: later });
    expect(res.outcome).toBe('ok');
    // Within the hour, attempts are recorded as refused.
    const soon = await verifyDossierAccess(a.database.db, { channel: 'console', userId: 'u5', code: code(1), digits: '5678' });
    expect(soon.outcome).toBe('locked');
  });

  it('a code guessed at by many user ids is refused to those who failed on it, never to its owner', async () => {
    await seed([D1(), row(2, { so_dien_thoai: '0900002222' })]);
    // Ten guesses from one source (the web chat's address) under ten user ids.
    for (let i = 0; i < 10; i++) {
      const r = await verifyDossierAccess(a.database.db, { channel: 'web', userId: `guess-${i}`, source: 'ip:203.0.113.7', code: code(1), digits: String(1000 + i) });
      expect(r.outcome).toBe('mismatch');
    }
    // The source that failed is refused that code, under any user id, even with the right digits.
    const again = await verifyDossierAccess(a.database.db, { channel: 'web', userId: 'guess-new', source: 'ip:203.0.113.7', code: code(1), digits: '5678' });
    expect(again).toMatchObject({ outcome: 'locked', scope: 'code' });
    // The owner, who has not failed, gets in (issue 18 item 3); other codes are not affected.
    const turns = await converse(a, 'owner', [code(1), '5678', code(2), '2222']);
    expect(turns[1]!.text).toContain('Thủ tục: Đăng ký khai sinh');
    expect(turns[3]!.text).toContain('Thủ tục: Đăng ký khai sinh');
    // A code that does not exist is refused the same way, so the refusal tells nothing.
    for (let i = 0; i < 10; i++) {
      await verifyDossierAccess(a.database.db, { channel: 'web', userId: `probe-${i}`, source: 'ip:203.0.113.8', code: code(99), digits: String(2000 + i) });
    }
    const probe = await verifyDossierAccess(a.database.db, { channel: 'web', userId: 'probe-x', source: 'ip:203.0.113.8', code: code(99), digits: '1111' });
    expect(probe).toMatchObject({ outcome: 'locked', scope: 'code' });
  });

  it('finds a code inside a sentence, in lower case, with spaces or without dashes', async () => {
    await seed([D1()]);
    const lines = [
      'cho em hỏi hồ sơ 000.00.06.h56 240401 0001 của em đến đâu rồi ạ',
      'mình nộp hồ sơ số 000.00.06.H562404010001 hôm trước',
    ];
    for (const [i, line] of lines.entries()) {
      const turns = await converse(a, `s${i}`, [line, '5678']);
      expect(turns[0]!.text).toContain(`hồ sơ ${code(1)}`);
      expect(turns[1]!.text).toContain('Thủ tục: Đăng ký khai sinh');
    }
  });

  it('"hồ sơ của tôi đến đâu rồi" starts the look-up; English works too', async () => {
    await seed([D1()]);
    const [t] = await converse(a, 'u9', ['hồ sơ của tôi đến đâu rồi']);
    expect(t!.text).toContain('mã hồ sơ');
    const en = await converse(a, 'u10', ['English', `@dossier:start`, code(1), '0912345678']);
    expect(en[1]!.text).toContain('dossier code');
    expect(en[2]!.text).toContain('last 4 digits');
    // The whole phone number works as well: its last 4 digits are taken.
    expect(en[3]!.text).toContain('Procedure: Đăng ký khai sinh');
    expect(en[3]!.text).toContain('Status: being processed');
    expect(en[3]!.text).toContain('Monday to Friday');
  });

  it('takes the code and the 4 digits in one message, or the phone number in a sentence', async () => {
    await seed([D1()]);
    const [one] = await converse(a, 'u11', [`${code(1)} 5678`]);
    expect(one!.text).toContain('Thủ tục: Đăng ký khai sinh');
    const two = await converse(a, 'u12', [code(1), 'sđt em là 0912 345 678 ạ']);
    expect(two[1]!.text).toContain('Thủ tục: Đăng ký khai sinh');
  });

  it('another question in the middle of the dialog is not swallowed', async () => {
    const turns = await converse(a, 'u7', ['tra cứu hồ sơ', 'huỷ']);
    expect(turns[1]!.text).toContain('Đã huỷ');
  });

  it('a new question with a number, asked while the digits are awaited, is answered', async () => {
    await seed([D1()]);
    await loadSampleCatalogIfEmpty(a.database.db);
    const turns = await converse(a, 'u8', [code(1), 'chứng thực 3 trang bao nhiêu tiền']);
    expect(turns[1]!.text).toContain('5.000 đồng');
    // Still about the phone: the dialog asks again rather than moving on.
    const again = await converse(a, 'u9', [code(1), 'số cuối điện thoại là 567']);
    expect(again[1]!.text).toContain('4 chữ số');
  });

  it('the notification needs a verified look-up first', async () => {
    await seed([D1()]);
    const [t] = await converse(a, 'u8', [`@dossier:watch:${code(1)}`]);
    expect(t!.text).toContain('tra cứu hồ sơ trước');
    expect(await rows(sql`select id from dossier_watches`)).toHaveLength(0);
  });

  it('notifies on the citizen channel when an import moves the dossier to a result', async () => {
    await seed([D1()]);
    const turns = await converse(a, 'c1', [code(1), '5678', '1', 'Báo cho tôi khi có kết quả']);
    expect(turns[2]!.text).toContain('Em đã ghi nhận');
    expect(turns[3]!.text).toContain('đã đăng ký nhận thông báo');
    const [free] = await converse(a, 'c1', ['báo cho em khi có kết quả nhé']);
    expect(free!.text).toContain('đã đăng ký nhận thông báo');

    const printed: string[] = [];
    a.outbox.register('console', new ConsoleChannel('c1', false, (l) => printed.push(l)));
    // Another change without a result: nothing is sent.
    await seed([{ ...D1(), trang_thai: 5 }]);
    expect(await rows(sql`select id from outbound_messages`)).toHaveLength(0);

    await seed([{ ...D1(), trang_thai: 9, ngay_ket_thuc_xu_ly: day(0) }]);
    const queued = await rows<{ channel: string; user_id: string; kind: string; status: string }>(
      sql`select channel, user_id, kind, status from outbound_messages`,
    );
    expect(queued).toEqual([{ channel: 'console', user_id: 'c1', kind: 'notification', status: 'pending' }]);
    await a.outbox.tick();
    expect(printed.join('\n')).toContain(`Hồ sơ ${code(1)} (Đăng ký khai sinh) đã xử lý xong, kết quả đã có.`);
    expect(printed.join('\n')).toContain('Kết quả được trả trên Cổng dịch vụ công');
    expect(await rows(sql`select status from outbound_messages`)).toEqual([{ status: 'sent' }]);

    // Status 10 afterwards does not tell the citizen a second time.
    await seed([{ ...D1(), trang_thai: 10, ngay_ket_thuc_xu_ly: day(0), ngay_tra_ket_qua: day(0) }]);
    // (The satisfaction-rating invitation on status 10 is another module's message.)
    const results = await rows(sql`select id from outbound_messages where replies::text not like '%rating:%'`);
    expect(results).toHaveLength(1);
  });

  it('notifies a web chat user through the open chat page when the API moves the dossier', async () => {
    const key = 'test-dossier-key';
    const b = await startTestAssistant({ DOSSIER_API_KEY: key }, a.database);
    const server = await b.listen(0);
    await b.startBackground();
    try {
      await seed([D1()]);
      const w1 = webUser(b, 'w1');
      await converse(b, w1, [code(1), '5678', `@dossier:watch:${code(1)}`], 'web');
      const stream = await fetch(`http://127.0.0.1:${server.port}/api/webchat/stream?userId=${w1}`);
      const reader = stream.body!.getReader();
      const res = await fetch(`http://127.0.0.1:${server.port}/api/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ ...D1(), trang_thai: 10, ngay_ket_thuc_xu_ly: day(0), ngay_tra_ket_qua: day(0) }),
      });
      expect(res.status).toBe(200);
      let received = '';
      const deadline = Date.now() + 10_000;
      while (!received.includes('đã trả kết quả') && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        received += new TextDecoder().decode(value);
      }
      await reader.cancel();
      expect(received).toContain(`Hồ sơ ${code(1)} (Đăng ký khai sinh) đã trả kết quả.`);
      expect(received).toContain(`Kết quả đã được trả ngày ${day(0)}`);
    } finally {
      await b.stop();
    }
  });
});
