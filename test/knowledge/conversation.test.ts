// Conversation scripts for procedures and fees: lines in, replies out, on a real database with the
// sample catalog.
import { describe, expect, it } from 'vitest';
import { converse, payloadsOf as payloads, useTestAssistant } from '../helpers/assistant';
import { sql } from 'drizzle-orm';

const a = useTestAssistant({ catalog: true });


describe('procedure card', () => {
  it('answers a question without diacritics with the card and its buttons', async () => {
    const [t] = await converse(a, 'u1', ['cho em hoi lam giay khai sinh cho con can giay to gi a']);
    expect(t!.text).toContain('Đăng ký khai sinh (mã 1.001193)');
    expect(t!.text).toContain('Giấy chứng sinh');
    expect(t!.text).toContain('Thời hạn giải quyết');
    expect(t!.text).toContain('Lệ phí');
    expect(payloads(t!)).toEqual(['proc:docs:1.001193', 'proc:fee:1.001193', 'proc:online:1.001193', 'proc:other']);
    for (const r of t!.replies) expect(r.text.length).toBeLessThanOrEqual(2000);
  });

  it('shows unverified facts as "chưa có thông tin", never a guess', async () => {
    const [t] = await converse(a, 'u1', ['đăng ký nuôi con nuôi trong nước']);
    expect(t!.text).toContain('Đăng ký nuôi con nuôi trong nước (mã 2.001263)');
    expect(t!.text).toMatch(/Thời hạn giải quyết: chưa có thông tin, liên hệ Bộ phận Một cửa/);
    expect(t!.text).toMatch(/Lệ phí:\n- chưa có thông tin, liên hệ Bộ phận Một cửa/);
  });

  it('answers a question written in English in English, and a page count without "bao nhiêu" with the total', async () => {
    const [en, pages] = await converse(a, 'u1', ['How much does it cost to get a certified copy of my passport?', 'chứng thực 3 trang']);
    expect(en!.text).toContain('Fee for Chứng thực bản sao');
    expect(en!.text).toContain('Tell me how many pages');
    expect(pages!.text).toContain('Tổng cộng: 5.000 đồng');
  });

  it('answers in English after a language switch, with the catalog data', async () => {
    const turns = await converse(a, 'u1', ['English', 'How much does a certified copy of 3 pages cost?']);
    expect(turns[1]!.text).toContain('Fee for Chứng thực bản sao');
    expect(turns[1]!.text).toContain('5.000 đồng');
  });
});

describe('fees', () => {
  it('computes the total for a number of pages and says how', async () => {
    const [t] = await converse(a, 'u1', ['chứng thực 7 trang hết bao nhiêu']);
    expect(t!.text).toContain('2.000 đồng × 2 trang + 1.000 đồng × 5 trang = 9.000 đồng');
    expect(t!.text).toContain('Tổng cộng: 9.000 đồng');
  });

  it('applies the cap per copy and multiplies by copies', async () => {
    const [t] = await converse(a, 'u1', ['sao y 250 trang 2 bản bao nhiêu tiền']);
    expect(t!.text).toContain('tối đa 200.000 đồng mỗi bản');
    expect(t!.text).toContain('Tổng cộng: 400.000 đồng');
  });

  it('explains free-under-conditions and provincial fees without inventing an amount', async () => {
    const [t] = await converse(a, 'u1', ['làm khai sinh cho con có mất tiền không ạ']);
    expect(t!.text).toContain('miễn lệ phí nếu đăng ký đúng hạn, trong 60 ngày kể từ ngày sinh');
    expect(t!.text).toContain('theo mức HĐND tỉnh quy định — mức cụ thể chưa có thông tin, liên hệ Bộ phận Một cửa');
  });

  it('per-case fee counts copies ("3 trường hợp")', async () => {
    const [t] = await converse(a, 'u1', ['chứng thực chữ ký 3 trường hợp hết bao nhiêu tiền']);
    expect(t!.text).toContain('10.000 đồng × 3 trường hợp = 30.000 đồng');
  });
});

describe('disambiguation and follow-ups', () => {
  it('asks "Ý anh/chị là:" with buttons for an ambiguous request, and a number picks one', async () => {
    const [ask, pick] = await converse(a, 'u1', ['chứng thực giùm em', '2']);
    expect(ask!.text).toContain('Ý anh/chị là:');
    const options = payloads(ask!);
    expect(options.length).toBeGreaterThanOrEqual(2);
    expect(options.every((p) => p.startsWith('proc:show:'))).toBe(true);
    const second = options[1]!.split(':')[2]!;
    expect(pick!.text).toContain(`(mã ${second})`);
  });

  it('a fee picked from "Ý anh/chị là:" is computed for the numbers of the question', async () => {
    const [ask, pick] = await converse(a, 'u1', ['chứng thực 2 bản giùm em hết bao nhiêu', '@proc:fee:2.000884']);
    expect(ask!.text).toContain('Ý anh/chị là:');
    expect(payloads(ask!).every((p) => p.startsWith('proc:fee:'))).toBe(true);
    expect(pick!.text).toContain('10.000 đồng × 2 trường hợp = 20.000 đồng');
  });

  it('"cái thứ hai" picks the second option of the last list', async () => {
    const [ask, pick] = await converse(a, 'u1', ['chứng thực giùm em', 'cái thứ hai']);
    const second = payloads(ask!)[1]!.split(':')[2]!;
    expect(pick!.text).toContain(`(mã ${second})`);
  });

  it('follow-ups refer to the last procedure: fee, time, where', async () => {
    const turns = await converse(a, 'u1', ['đăng ký kết hôn', 'còn lệ phí?', 'mất bao lâu', 'rồi nộp ở đâu vậy']);
    expect(turns[0]!.text).toContain('Đăng ký kết hôn (mã 1.000894)');
    expect(turns[1]!.text).toContain('Lệ phí Đăng ký kết hôn');
    expect(turns[1]!.text).toContain('8.000 đồng/bản');
    expect(turns[2]!.text).toContain('Thời hạn giải quyết Đăng ký kết hôn');
    expect(turns[3]!.text).toContain('Nơi nộp hồ sơ Đăng ký kết hôn');
  });

  it('buttons of the card answer documents, fee and online', async () => {
    const turns = await converse(a, 'u1', ['@proc:docs:1.004194', '@proc:fee:1.004194', '@proc:online:1.004194', '@proc:other']);
    expect(turns[0]!.text).toContain('Tờ khai thay đổi thông tin cư trú (mẫu CT01)');
    expect(turns[1]!.text).toContain('nộp trực tiếp: 15.000 đồng/lần');
    expect(turns[1]!.text).toMatch(/nộp hồ sơ trực tuyến: miễn lệ phí nếu .*Thanh Hóa/);
    expect(turns[2]!.text).toContain('VNeID');
    expect(turns[3]!.text).toContain('gõ tên thủ tục');
  });
});

describe('regional speech', () => {
  it('a Central question without marks, then a Southern follow-up to the officers ("mấy anh"), stay on the procedure', async () => {
    const turns = await converse(a, 'u1', ['ruong lua nha tui tinh chuyen qua trong cay an trai, man giay to sao cho dung', 'nop o mo rua may anh']);
    expect(turns[0]!.text).toContain('(mã 1.013992)');
    expect(turns[1]!.text).toContain('Nơi nộp hồ sơ Đăng ký biến động chuyển mục đích sử dụng đất');
  });

  it('"cho hấn" typed without marks asks for him, no gift of land', async () => {
    const [t] = await converse(a, 'u1', ['thang nho nha tui hoc lop 8 chu theo ba vo sai gon, xin chuyen truong cho han rang']);
    expect(t!.text).toContain('Chuyển trường đối với học sinh trung học cơ sở (mã 2.002481)');
  });
});

describe('complaints and a person asked for, told in stories (issue 12)', () => {
  it('a complaint told without complaint words opens the PAKN form; a quarrel with mediation asked gets mediation', async () => {
    const [broken] = await converse(a, 'k1', ['vào cổng dịch vụ công đăng nhập mãi không được, cả buổi sáng rồi lỗi trắng trang']);
    const [quarrel] = await converse(a, 'k4', ['nhà bên cạnh cứ dời cọc ranh sang vườn tôi, nói hoài không nghe, mong xã đứng ra hòa giải']);
    expect(broken!.text).toContain('thuộc loại nào');
    expect(quarrel!.text).toContain('(mã 1.012812)');
    expect(quarrel!.text).not.toContain('thuộc loại nào');
  });

  it('"gọi điện cho tôi đi" hands the conversation to staff; meeting the chairman on reception day is that procedure', async () => {
    const [call] = await converse(a, 'k2', ['thôi không chat nữa, gọi điện cho tôi đi, số 0912xxxxxx']);
    const [chairman] = await converse(a, 'k3', ['lịch tiếp dân của chủ tịch xã là ngày nào, tôi muốn gặp trực tiếp trình bày chuyện đất']);
    expect(call!.text).toContain('Em đã chuyển cuộc trò chuyện cho cán bộ');
    expect(chairman!.text).toContain('(mã 2.001909)');
  });
});

describe('what the commune does not handle', () => {
  it('answers weather, loans and football with the fallback, recorded as unanswered', async () => {
    const turns = await converse(a, 'u1', ['mai xã mình có mưa không ad', 'ad oi co cho vay tien nong khong', 'tối nay Việt Nam đá với Thái Lan mấy giờ']);
    for (const t of turns) {
      expect(t.text).toContain('em chưa rõ');
      expect(t.text).toContain('Gặp cán bộ');
      expect(t.text).not.toMatch(/\(mã \d\.\d{6}\)/);
    }
    const rows = (await a.database.db.execute(sql`select count(*)::int as n from unanswered_questions`)) as unknown as {
      rows: { n: number }[];
    };
    expect(rows.rows[0]!.n).toBe(3);
  });

  it('answers private advice and a choice among sellers with "em chưa rõ" and the staff, not a court or a procedure', async () => {
    const turns = await converse(a, 'u1', ['Chồng tôi ngoại tình, theo mọi người tôi có nên ly hôn không?', 'Ai biết đội thợ xây nhà nào uy tín ở xã không, giới thiệu giúp']);
    for (const t of turns) {
      expect(t.text).toContain('em chưa rõ');
      expect(t.text).toContain('Gặp cán bộ');
      expect(t.text).not.toContain('không do UBND xã giải quyết');
      expect(t.text).not.toMatch(/\(mã \d\.\d{6}\)/);
    }
  });

  it('tells another office\'s matter from the commune\'s in a story: a war invalid\'s survivor benefit, a job-creation loan, a festival told up to the commune, an assault', async () => {
    const [tuat, loan, festival, assault, pension] = await converse(a, 'u1', [
      'Ông nội tôi là thương binh, vừa mất tuần trước. Gia đình muốn hỏi tiền tuất làm giấy tờ gì?',
      'Em thất nghiệp nửa năm nay, muốn về quê nuôi bò. Nghe nói có chỗ cho vay lãi thấp để tự tạo việc làm, làm hồ sơ sao ạ',
      'Thôn tôi tổ chức rước kiệu đầu năm, có phải trình báo gì lên xã không',
      'con tôi bị nhóm thanh niên đánh bị thương phải nhập viện, báo ở đâu',
      'Mẹ tôi làm công nhân đóng bảo hiểm 20 năm, mới mất. Tiền tuất lãnh ở đâu?',
    ]);
    expect(tuat!.text).toContain('(mã 1.010824)');
    expect(loan!.text).toMatch(/\(mã 1\.01372[45]\)/);
    expect(festival!.text).toContain('(mã 1.003622)');
    expect(assault!.text).toContain('Nơi giải quyết: Công an xã.');
    expect(pension!.text).toContain('không do UBND xã giải quyết');
    expect(pension!.text).toContain('Bảo hiểm xã hội');
  });

  it('empty, emoji-only and very long messages get a polite answer fast', async () => {
    const long = 'làm giấy khai sinh cho con '.repeat(300);
    const started = performance.now();
    const turns = await converse(a, 'u1', ['   ', '😀🙏', long, 'xin chào '.repeat(500).slice(0, 3900)]);
    expect(performance.now() - started).toBeLessThan(1000 * turns.length);
    for (const t of turns) {
      expect(t.text.length).toBeGreaterThan(10);
      expect(t.text).not.toContain('sự cố');
    }
  });
});
