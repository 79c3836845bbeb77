// The PAKN form as conversation scripts: lines in, replies out, rows in the real database.
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { converse, payloadsOf, useTestAssistant } from '../helpers/assistant';
import { feedback, feedbackEvents } from '../../models/schema/feedback';
import { createPetition } from '../helpers/factories';
import { until } from '../helpers/wait';
import { DEFAULT_DUE_WORKING_DAYS, addWorkingDays } from '../../models/repos/feedback/deadlines';
import { listFeedback } from '../../models/repos/feedback/inbox';
import { vnDate } from '../../core/clock';
import { MAX_CONTENT_LENGTH, MAX_PER_USER_PER_DAY } from '../../handlers/feedback/limits';
import type { InboundEvent } from '../../core/types';

const a = useTestAssistant();

const CONTENT = 'Xin giấy xác nhận tình trạng hôn nhân phải đi lại ba lần mới xong, đề nghị niêm yết rõ giấy tờ cần mang.';

async function rows() {
  return a.database.db.select().from(feedback);
}

let n = 0;
function attachment(userId: string, atts: InboundEvent['attachments']): InboundEvent {
  return { id: `att-${Date.now()}-${++n}`, channel: 'telegram', userId, kind: 'attachment', attachments: atts, receivedAt: new Date() };
}

describe('PAKN form', () => {
  it('complete: kind, content, name, address, phone, public, summary, stored then acknowledged with a code', async () => {
    const turns = await converse(a, 'c1', [
      'tôi muốn gửi phản ánh',
      '1',
      CONTENT,
      'Nguyễn Văn An',
      'Thôn 3, xã Hoàng Kim',
      '0912 345 678',
      'không',
      'gửi',
    ]);
    expect(turns[0]!.text).toContain('thuộc loại nào');
    expect(turns[0]!.text).toContain('1. Về quy định hành chính');
    expect(turns[1]!.text).toContain('nội dung phản ánh');
    expect(turns[2]!.text).toContain('Họ và tên');
    expect(turns[3]!.text).toContain('Địa chỉ');
    expect(turns[4]!.text).toContain('Số điện thoại');
    expect(turns[5]!.text).toContain('công khai');
    const summary = turns[6]!.text;
    expect(summary).toContain('kiểm tra lại');
    expect(summary).toContain('Về quy định hành chính');
    expect(summary).toContain('Nguyễn Văn An');
    expect(summary).toContain('0912345678');
    expect(summary).toContain('- Công khai: Không');
    const today = vnDate();
    const code = `PA-${today.replaceAll('-', '')}-0001`;
    expect(turns[7]!.text).toContain(code);
    expect(turns[7]!.text).toContain('10 ngày làm việc');

    const [row] = await rows();
    expect(row).toMatchObject({
      code, kind: 'quy_dinh', status: 'moi', content: CONTENT, name: 'Nguyễn Văn An', address: 'Thôn 3, xã Hoàng Kim',
      phone: '0912345678', isPublic: false, channel: 'console', userId: 'c1', receivedDate: today,
      dueDate: addWorkingDays(today, DEFAULT_DUE_WORKING_DAYS.quy_dinh, [1, 2, 3, 4, 5]),
    });
    const [y, m, d] = row!.dueDate.split('-');
    expect(turns[7]!.text).toContain(`${d}/${m}/${y}`);
    const events = await a.database.db.select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, row!.id));
    expect(events).toMatchObject([{ actor: 'citizen', action: 'created', toStatus: 'moi' }]);

    // The dialog is over; a second PAKN the same day gets the next number.
    await converse(a, 'c2', ['@feedback:start', '@feedback:kind:kien_nghi', CONTENT, 'Lê Thị Bình', 'Thôn 1, xã Hoàng Kim', '0987654321', '@feedback:public:yes', '@feedback:confirm']);
    const codes = (await rows()).map((r) => r.code).sort();
    expect(codes).toEqual([code, `PA-${today.replaceAll('-', '')}-0002`]);

    // Status by code later: the sender sees the state.
    const [status] = await converse(a, 'c1', [code]);
    expect(status!.text).toContain(code);
    expect(status!.text).toContain('Mới tiếp nhận');
  });

  it('"Gửi" again (double tap, a retried turn, an old summary tapped later) returns the first code and files nothing more', async () => {
    const filled = ['gửi phản ánh', '1', CONTENT, 'Nguyễn Văn An', 'Thôn 3, xã Hoàng Kim', '0912345678', 'không'];
    const turns = await converse(a, 'g1', filled);
    const send = turns.at(-1)!.replies[0]!.buttons!.find((b) => b.title === 'Gửi');
    expect(send && 'payload' in send ? send.payload : '').toMatch(/^feedback:confirm:.+/);
    const tap = `@${(send as { payload: string }).payload}`;
    // Two taps that arrive together, then a third a moment later.
    const [first, second] = await Promise.all([converse(a, 'g1', [tap]), converse(a, 'g1', [tap])]);
    const [third] = await converse(a, 'g1', [tap]);
    const code = /PA-\d{8}-\d{4}/.exec(first[0]!.text)?.[0];
    expect(code).toBeDefined();
    expect(second[0]!.text).toContain(`Mã theo dõi: ${code}`);
    expect(third!.text).toContain(`Mã theo dõi: ${code}`);
    expect(await rows()).toHaveLength(1);

    // A new form is open when the old summary's "Gửi" is tapped: the old code, and the new form waits.
    const again = await converse(a, 'g1', ['gửi phản ánh', tap, '2']);
    expect(again[1]!.text).toContain(`Mã theo dõi: ${code}`);
    expect(again[2]!.text).toContain('nội dung phản ánh');
    // Someone else replaying the button learns nothing.
    const [stranger] = await converse(a, 'g2', [tap]);
    expect(stranger!.text).not.toContain(code!);
    expect(await rows()).toHaveLength(1);

    // The next filing gets the next number: the second tap used none up.
    const next = await converse(a, 'g3', [...filled, 'gửi']);
    expect(next.at(-1)!.text).toContain(`${code!.slice(0, -4)}0002`);
  });

  it('the same form filed by two processes at once: one row, one code', async () => {
    const input = { kind: 'khac' as const, channel: 'console' as const, userId: 'p1', lang: 'vi' as const, content: CONTENT, formKey: 'run-abc' };
    const [x, y] = await Promise.all([createPetition(a.database.db, input), createPetition(a.database.db, input)]);
    expect(y.code).toBe(x.code);
    expect(await rows()).toHaveLength(1);
    const other = await createPetition(a.database.db, { ...input, formKey: 'run-def' });
    expect(other.code).toBe(`${x.code.slice(0, -4)}0002`);
  });

  it('cancelled at any step by "huỷ" or the button: nothing is stored', async () => {
    const t1 = await converse(a, 'c1', ['gửi phản ánh', '2', CONTENT, 'huỷ']);
    expect(t1[3]!.text).toContain('Đã huỷ');
    const t2 = await converse(a, 'c2', ['góp ý', '3', CONTENT, 'Trần Văn Cường', 'Thôn 2', '@feedback:cancel']);
    expect(t2[5]!.text).toContain('Đã huỷ');
    const t3 = await converse(a, 'c3', ['kiến nghị', '@feedback:kind:khac', CONTENT, 'Trần C', 'Xóm Đông, Hoàng Kim', '0912345678', 'có', 'huy']);
    expect(t3[7]!.text).toContain('Đã huỷ');
    expect(await rows()).toHaveLength(0);
    // After cancelling, the next message is not taken as a form answer.
    const [after] = await converse(a, 'c1', ['xin chào']);
    expect(after!.text).toContain('Xin chào');
  });

  it('corrected: a field is changed from the summary and the new value is stored', async () => {
    const turns = await converse(a, 'c1', [
      'phản ánh', '1', CONTENT, 'Nguyễn Văn An', 'Thôn 3, xã Hoàng Kim', '0912345678', 'có',
      'sửa',
      'Số điện thoại',
      '0987 111 222',
      'sửa tên',
      'Nguyễn Văn Anh',
      '@feedback:edit',
      '@feedback:edit:kind',
      '@feedback:kind:giai_quyet',
      'gửi',
    ]);
    expect(turns[7]!.text).toContain('muốn sửa mục nào');
    expect(turns[8]!.text).toContain('Số điện thoại để cán bộ liên hệ');
    expect(turns[9]!.text).toContain('0987111222');
    expect(turns[9]!.text).toContain('kiểm tra lại');
    expect(turns[10]!.text).toContain('Họ và tên');
    expect(turns[11]!.text).toContain('Nguyễn Văn Anh');
    expect(turns[14]!.text).toContain('Về việc giải quyết thủ tục');
    expect(turns[15]!.text).toMatch(/PA-\d{8}-0001/);
    expect(turns[15]!.text).toContain('5 ngày làm việc');
    const [row] = await rows();
    expect(row).toMatchObject({ phone: '0987111222', name: 'Nguyễn Văn Anh', kind: 'giai_quyet', isPublic: true });
  });

  it('corrected mid-form: "sửa tên" at a later step, then the form goes on where it was', async () => {
    const turns = await converse(a, 'm1', [
      'gửi phản ánh', '3', CONTENT, 'Nguyễn Văn Ann', 'Thôn 3, xã Hoàng Kim',
      'sửa tên',
      'Nguyễn Văn An',
      '0912345678', 'có', 'gửi',
    ]);
    expect(turns[5]!.text).toContain('Họ và tên');
    expect(turns[6]!.text).toContain('Số điện thoại');
    expect(turns[8]!.text).toContain('- Họ tên: Nguyễn Văn An\n');
    expect(turns[9]!.text).toContain('Mã theo dõi');
    const [row] = await rows();
    expect(row).toMatchObject({ name: 'Nguyễn Văn An', phone: '0912345678', kind: 'kien_nghi' });
  });

  it('missing or wrong fields are asked again, saying why', async () => {
    const turns = await converse(a, 'c1', [
      'gửi phản ánh',
      'không biết',       // not a kind
      '1',
      '😀😀',             // no content
      'chậm',             // too short
      CONTENT,
      '...',              // no name
      'Nguyễn Văn An',
      'bỏ qua',           // address skipped
      'Thôn 3, xã Hoàng Kim',
      '12345',            // bad phone
      'bỏ qua',           // phone skipped
      '0912345678',
      'có lẽ',            // not yes/no
      'không',
      'gửi',
    ]);
    expect(turns[1]!.text).toContain('chọn một loại');
    expect(turns[3]!.text).toContain('Chưa có nội dung');
    expect(turns[4]!.text).toContain('ngắn quá');
    expect(turns[6]!.text).toContain('"Họ tên" là bắt buộc');
    expect(turns[6]!.text).toContain('Nghị định 20/2008');
    expect(turns[8]!.text).toContain('"Địa chỉ" là bắt buộc');
    expect(turns[10]!.text).toContain('Số điện thoại chưa đúng');
    expect(turns[11]!.text).toContain('"Số điện thoại" là bắt buộc');
    expect(turns[13]!.text).toContain('Đồng ý công khai');
    expect(turns[15]!.text).toContain('Mã theo dõi');
    expect(await rows()).toHaveLength(1);
  });

  it('too long: content over the limit is refused with its length and the limit', async () => {
    const long = 'Đường vào trụ sở xã ngập nước. '.repeat(80).slice(0, MAX_CONTENT_LENGTH) + 'x';
    const turns = await converse(a, 'c1', ['gửi phản ánh', '4', long]);
    expect(turns[2]!.text).toContain(`${MAX_CONTENT_LENGTH + 1} ký tự`);
    expect(turns[2]!.text).toContain(`${MAX_CONTENT_LENGTH} ký tự`);
    // Still at the content step: a shorter text is accepted.
    const [next] = await converse(a, 'c1', [CONTENT]);
    expect(next!.text).toContain('Họ và tên');
  });

  it('too many per day: the form is refused after the daily limit, saying why', async () => {
    for (let i = 0; i < MAX_PER_USER_PER_DAY - 1; i++) {
      await createPetition(a.database.db, { channel: 'console', userId: 'c1', content: CONTENT });
    }
    // One more through the form is still allowed …
    const ok = await converse(a, 'c1', ['gửi phản ánh', '1', CONTENT, 'Nguyễn Văn An', 'Thôn 3, xã Hoàng Kim', '0912345678', 'không', 'gửi']);
    expect(ok[7]!.text).toContain('Mã theo dõi');
    // … then refused.
    const [refused] = await converse(a, 'c1', ['gửi phản ánh']);
    expect(refused!.text).toContain(`đã gửi ${MAX_PER_USER_PER_DAY} phản ánh`);
    expect(refused!.text).toContain('ngày mai');
    // A support request does not count, and another user is not affected.
    const [other] = await converse(a, 'c2', ['gửi phản ánh']);
    expect(other!.text).toContain('thuộc loại nào');
    expect(await rows()).toHaveLength(MAX_PER_USER_PER_DAY);
  });

  it('photos where the channel sends images: limits on type, size and number', async () => {
    const u = 'tg1';
    let turns = await converse(a, u, ['gửi phản ánh', '1', CONTENT], 'telegram');
    expect(turns[2]!.text).toContain('gửi ảnh minh hoạ');
    const r1 = await a.engine.handle(attachment(u, [{ type: 'image', url: 'https://cdn.example/1.jpg', size: 200_000 }]));
    expect(r1.replies[0]!.text).toContain('Đã nhận 1/3 ảnh');
    const r2 = await a.engine.handle(attachment(u, [{ type: 'file', url: 'https://cdn.example/a.pdf' }]));
    expect(r2.replies[0]!.text).toContain('Chỉ nhận ảnh');
    const r3 = await a.engine.handle(attachment(u, [{ type: 'image', url: 'https://cdn.example/big.jpg', size: 9 * 1024 * 1024 }]));
    expect(r3.replies[0]!.text).toContain('quá giới hạn 5 MB');
    const r4 = await a.engine.handle(
      attachment(u, [
        { type: 'image', url: 'https://cdn.example/2.jpg', size: 1000 },
        { type: 'image', url: 'https://cdn.example/3.jpg', size: 1000 },
        { type: 'image', url: 'https://cdn.example/4.jpg', size: 1000 },
      ]),
    );
    expect(r4.replies.map((r) => r.text).join('\n')).toContain('Đã đủ 3 ảnh');
    turns = await converse(a, u, ['xong', 'Nguyễn Văn An', 'Thôn 3, xã Hoàng Kim', '0912345678', 'không'], 'telegram');
    expect(turns[4]!.text).toContain('- Ảnh: 3');
    await converse(a, u, ['gửi'], 'telegram');
    const [row] = await rows();
    expect(row!.photos.map((p) => p.url)).toEqual(['https://cdn.example/1.jpg', 'https://cdn.example/2.jpg', 'https://cdn.example/3.jpg']);
    // On the console (no images) there is no photo step.
    const c = await converse(a, 'c9', ['gửi phản ánh', '1', CONTENT]);
    expect(c[2]!.text).toContain('Họ và tên');
  });

  it('khiếu nại and tố cáo are explained as handled elsewhere, with where to go', async () => {
    const [k] = await converse(a, 'c1', ['tôi muốn khiếu nại quyết định của xã']);
    expect(k!.text).toContain('Luật Khiếu nại');
    expect(k!.text).toContain('Chủ tịch UBND xã');
    const [t] = await converse(a, 'c2', ['tố cáo']);
    expect(t!.text).toContain('Tố cáo hành vi vi phạm');
    const f = await converse(a, 'c3', ['gửi phản ánh', '@feedback:complaint_info', '@feedback:start']);
    expect(f[1]!.text).toContain('Luật Khiếu nại');
    expect(f[2]!.text).toContain('thuộc loại nào');
    expect(await rows()).toHaveLength(0);
  });

  it('status by code: unknown code, bad format, and someone else\'s PAKN answered as an unknown code', async () => {
    const row = await createPetition(a.database.db, { kind: 'quy_dinh', channel: 'console', userId: 'owner', content: CONTENT });
    await a.database.db.execute(sql`update feedback set status = 'da_tra_loi', answer = 'Bí mật trả lời' where id = ${row.id}`);
    const [own] = await converse(a, 'owner', [`tra cứu phản ánh ${row.code.toLowerCase()}`]);
    expect(own!.text).toContain('Bí mật trả lời');
    // Codes are sequential: a stranger (or the same person on another channel) learns nothing of it,
    // not even that it exists (issue 18 item 8).
    const [other] = await converse(a, 'stranger', [row.code]);
    const [otherChannel] = await converse(a, 'owner', [row.code], 'web');
    const [missing] = await converse(a, 'x', ['PA-20000101-0009']);
    expect(missing!.text).toContain('Không tìm thấy');
    for (const t of [other!, otherChannel!]) {
      expect(t.text).toBe(missing!.text.replace('PA-20000101-0009', row.code));
      expect(t.text).not.toContain('Bí mật trả lời');
    }
    const flow = await converse(a, 'x', ['@feedback:status', 'abc', row.code]);
    expect(flow[1]!.text).toContain('Mã chưa đúng dạng');
    expect(flow[2]!.text).toContain(row.code);
  });

  it('offers what the citizen already wrote as the content, and "menu" leaves the form', async () => {
    const turns = await converse(a, 'd1', [
      'Thái độ cán bộ tiếp nhận hồ sơ đất đai rất hách dịch, quát người dân',
      '@feedback:kind:giai_quyet',
      '@feedback:use_draft',
    ]);
    expect(turns[0]!.text).toContain('thuộc loại nào');
    expect(turns[1]!.text).toContain('Anh/chị vừa viết: «Thái độ cán bộ tiếp nhận hồ sơ đất đai rất hách dịch, quát người dân»');
    expect(turns[2]!.text).toContain('Họ và tên');
    const [menu] = await converse(a, 'd1', ['menu']);
    expect(menu!.replies[0]!.buttons!.some((b) => b.title === 'Gửi phản ánh, kiến nghị')).toBe(true);
    // The form is gone: a name typed now is not taken as the sender's name.
    const [after] = await converse(a, 'd1', ['@feedback:start']);
    expect(after!.text).toContain('thuộc loại nào');
    expect(after!.text).not.toContain('Anh/chị vừa viết');
    // A bare trigger phrase is not offered as content.
    const plain = await converse(a, 'd2', ['tôi muốn gửi phản ánh ạ', '1']);
    expect(plain[1]!.text).not.toContain('Anh/chị vừa viết');
  });

  it('photos sent while talking to staff are kept on the support request, which comes back to the top of the inbox', async () => {
    const [t] = await converse(a, 'tg7', ['gặp cán bộ'], 'telegram');
    expect(t!.text).toMatch(/HT-\d{8}-0001/);
    // Another item filed just after the support request comes first, until the photo arrives.
    const [support] = (await listFeedback(a.database.db)).rows;
    const otherAt = new Date(support!.receivedAt.getTime() + 1);
    await createPetition(a.database.db, { channel: 'console', userId: 'other', content: CONTENT }, otherAt);
    expect((await listFeedback(a.database.db)).rows[0]!.kind).toBe('khac');
    await until(() => Date.now() > otherAt.getTime(), { what: 'the clock past the other item' });
    const r = await a.engine.handle(attachment('tg7', [{ type: 'image', name: 'file-abc', size: 5000 }]));
    expect(r.replies[0]!.text).toContain('Đã chuyển tin nhắn cho cán bộ');
    const [first] = (await listFeedback(a.database.db)).rows;
    expect(first).toMatchObject({ kind: 'ho_tro', photos: [{ fileId: 'file-abc', channel: 'telegram', size: 5000 }] });
  });

  it('English conversation uses the English texts', async () => {
    const turns = await converse(a, 'e1', ['English', '@feedback:start', '9', '@feedback:kind:khac', 'The road to the office floods after rain.']);
    expect(turns[1]!.text).toContain('What is your complaint or petition about?');
    expect(turns[2]!.text).toContain('pick one kind');
    expect(turns[4]!.text).toContain('full name');
  });
});

describe('a new question at the form\'s first choice', () => {
  const c = useTestAssistant({ catalog: true });

  it('a clear procedure question leaves the form and is answered; anything else is asked again with how to leave', async () => {
    const turns = await converse(c, 'q1', [
      'đèn đường đầu xóm hư cả tháng nay rồi mà không ai sửa',
      'đăng ký khai sinh cho con cần giấy tờ gì',
      '1',
    ]);
    // The complaint told as a story opens the form at its first choice.
    expect(turns[0]!.text).toContain('thuộc loại nào');
    // The question is answered, not refused; the form is gone, so "1" picks no kind of complaint.
    expect(turns[1]!.text).toContain('khai sinh');
    expect(turns[1]!.text).not.toContain('chọn một loại');
    // After the answer, a line says the complaint was not sent, with a button to send one after all.
    expect(turns[1]!.text).toContain('Phản ánh lúc nãy chưa được gửi');
    expect(payloadsOf(turns[1]!)).toContain('feedback:start');
    expect(turns[2]!.text).not.toContain('nội dung phản ánh');
    // The button starts the form again with the complaint told at first offered as its content.
    const again = await converse(c, 'q1', ['@feedback:start', '1', '@feedback:use_draft']);
    expect(again[1]!.text).toContain('đèn đường đầu xóm hư');
    expect(again[2]!.text).not.toContain('Chưa có nội dung');

    const unclear = await converse(c, 'q2', ['xóm tôi rác chất đống cả tuần không ai thu gom', 'ừm để xem', 'huỷ']);
    expect(unclear[1]!.text).toContain('chọn một loại');
    expect(unclear[1]!.text).toContain('"huỷ"');
    expect(unclear[2]!.text).toContain('Đã huỷ');
  });

  it('in English, the question asked again says how to leave', async () => {
    const turns = await converse(c, 'q3', ['English', '@feedback:start', 'hmm']);
    expect(turns[2]!.text).toContain('pick one kind');
    expect(turns[2]!.text).toContain('"cancel"');
  });
});
