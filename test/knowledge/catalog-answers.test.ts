// What citizens read after the catalog refresh (issue 20): the six audit errors, fixed, as answers in
// a conversation, each answer ending with its review date and what it rests on.
import { describe, expect, it } from 'vitest';
import { converse, useTestAssistant } from '../helpers/assistant';
import { updateProcedure } from '../../knowledge/catalog';

const a = useTestAssistant({ catalog: true });

const DATED = 'Thông tin cập nhật ngày 30/11/2026; căn cứ:';
/** The line of a reply that starts with the given words. */
const lineOf = (text: string, start: string) => text.split('\n').find((l) => l.replace(/^- /, '').startsWith(start)) ?? '';

describe('the six audit errors, as answers', () => {
  it('1. monthly social assistance: 10 working days, decided at the commune, dated and sourced', async () => {
    const [card, time] = await converse(a, 'u1', ['@proc:show:1.001776', '@proc:time:1.001776']);
    expect(card!.text).toContain('Thời hạn giải quyết: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ; Chủ tịch UBND cấp xã quyết định');
    expect(card!.text).not.toMatch(/cấp trên|cấp huyện quyết định/);
    expect(card!.text).toContain(DATED);
    expect(time!.text).toContain('10 ngày làm việc');
    expect(time!.text).toContain(`${DATED} Cổng Dịch vụ công quốc gia, thủ tục 1.001776`);
  });

  it('2. burial support: 03 working days at the commune', async () => {
    const [t] = await converse(a, 'u1', ['@proc:time:1.001731']);
    expect(t!.text).toContain('03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ');
    expect(t!.text).not.toContain('cơ quan lao động');
    expect(t!.text).toContain(`${DATED} Cổng Dịch vụ công quốc gia, thủ tục 1.001731`);
  });

  it('3. a land contract is certified where the land lies, not here', async () => {
    const [t] = await converse(a, 'u1', ['@proc:where:2.001035']);
    expect(t!.text).toContain('nơi có đất');
    expect(t!.text).toContain('không phải tại xã này');
    expect(t!.text).toContain(`${DATED} Nghị định 23/2015/NĐ-CP, Điều 5 khoản 6`);
  });

  it('4. copies of civil status extracts are charged to everyone; the exemption is for the registration fee', async () => {
    const [copy, birth] = await converse(a, 'u1', ['@proc:fee:2.000635', '@proc:fee:1.001193']);
    expect(copy!.text).toContain('mỗi bản sao: 8.000 đồng/bản');
    expect(copy!.text).not.toContain('miễn cho');
    expect(copy!.text).toContain(`${DATED} Thông tư 281/2016/TT-BTC`);
    expect(lineOf(birth!.text, 'bản sao Giấy khai sinh')).toContain('8.000 đồng/bản');
    expect(lineOf(birth!.text, 'bản sao Giấy khai sinh')).not.toContain('miễn cho');
    expect(lineOf(birth!.text, 'lệ phí đăng ký khai sinh')).toContain('miễn cho người thuộc gia đình có công với cách mạng');
  });

  it('5. online filing in Thanh Hóa is free, and the answer says under which resolution', async () => {
    const [t] = await converse(a, 'u1', ['@proc:fee:1.004194']);
    expect(t!.text).toContain('nộp trực tiếp: 15.000 đồng/lần');
    expect(lineOf(t!.text, 'nộp hồ sơ trực tuyến')).toMatch(/miễn lệ phí nếu .*Thanh Hóa.*mức chung toàn quốc khi nộp trực tuyến: 7\.000/);
    expect(t!.text).toContain('Nghị quyết 12/2025/NQ-HĐND tỉnh Thanh Hóa');
  });

  it('6. household businesses follow NĐ 168/2025: tạm ngừng takes a Giấy đề nghị and 01 day, chấm dứt 05 days', async () => {
    const [docs, time, close] = await converse(a, 'u1', ['@proc:docs:1.001570', '@proc:time:1.001570', '@proc:time:1.001266']);
    expect(docs!.text).toContain('Giấy đề nghị đăng ký tạm ngừng kinh doanh');
    expect(time!.text).toContain('01 ngày làm việc');
    expect(close!.text).toContain('05 ngày làm việc');
    expect(`${docs!.text}${time!.text}${close!.text}`).not.toContain('01/2021');
    expect(close!.text).toContain('Quyết định 2831/QĐ-UBND');
  });

  it('a citizen asking in their own words gets the dated answer too', async () => {
    const [t] = await converse(a, 'u1', ['lệ phí đăng ký thường trú bao nhiêu']);
    expect(t!.text).toContain('Đăng ký thường trú');
    expect(t!.text).toContain('nộp trực tiếp: 20.000 đồng/lần');
    expect(t!.text).toContain(`${DATED} Thông tư 75/2022/TT-BTC`);
  });
});

describe('rules that changed in 2026, as answers', () => {
  it('TT 117/2026: residence and copy fees are waived for level-2 VNeID citizens until 28/02/2027, and the answer names the circular', async () => {
    const [residence, copy] = await converse(a, 'u1', ['@proc:fee:1.004194', '@proc:fee:2.000635']);
    expect(lineOf(residence!.text, 'công dân có tài khoản định danh điện tử mức độ 2')).toMatch(/miễn lệ phí nếu .*15\/8\/2026 đến hết 28\/02\/2027/);
    expect(residence!.text).toContain('nộp trực tiếp: 15.000 đồng/lần');
    expect(residence!.text).toContain('Thông tư 117/2026/TT-BTC');
    expect(lineOf(copy!.text, 'bản sao cho công dân có tài khoản định danh điện tử mức độ 2')).toContain('28/02/2027');
    expect(copy!.text).toContain('mỗi bản sao: 8.000 đồng/bản');
    expect(copy!.text).not.toContain('miễn cho');
  });

  it('a complaint at the commune: 30 days from acceptance, 45 when complex, no fee, Luật Khiếu nại Điều 28', async () => {
    const [time, fee] = await converse(a, 'u1', ['@proc:time:2.002409', '@proc:fee:2.002409']);
    expect(time!.text).toContain('Không quá 30 ngày kể từ ngày thụ lý; vụ việc phức tạp không quá 45 ngày');
    expect(time!.text).toContain(`${DATED} Luật Khiếu nại số 02/2011/QH13, Điều 28`);
    expect(fee!.text).toContain('không thu lệ phí');
    expect(fee!.text).not.toContain('chưa có thông tin');
  });
});

describe('date and basis of an answer', () => {
  it('says so when a procedure has no review date, and names the legal basis text when no source is given', async () => {
    await updateProcedure(a.database.db, '2.001263', { reviewedAt: null, sources: {}, legalBasis: 'Luật Nuôi con nuôi 2010' });
    const [t] = await converse(a, 'u1', ['@proc:show:2.001263']);
    expect(t!.text).toContain('Thông tin chưa có ngày rà soát; căn cứ: Luật Nuôi con nuôi 2010.');
  });

  it('answers in English with an English provenance line', async () => {
    const [t] = await converse(a, 'u1', ['how much is the fee for temporary residence registration please']);
    expect(t!.text).toContain('Information updated on 30/11/2026; basis: Thông tư 75/2022/TT-BTC');
  });
});
