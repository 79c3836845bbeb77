// Follow-ups (issue 12): which words of a message speak of a part of the last procedure, and when
// the message has a subject of its own.
import { describe, expect, it } from 'vitest';
import { useSampleIndex } from '../helpers/knowledge';
import { aboutLast, subjectOfItsOwn } from '../../knowledge/follow-ups';
import { analyzeWith, memoryAfter } from '../../knowledge/understand';

const s = useSampleIndex();

/** The subject of `text` of its own after the procedure `code`, if any. */
function subject(code: string, text: string): string | null {
  const a = s.analyze(text);
  const top = a.candidates[0];
  return subjectOfItsOwn(s.index, code, a.processed, top, a.candidates.length > 0 && a.procedures.length > 0, false);
}

describe('aboutLast', () => {
  it.each([
    ['1.013702', 'khi nao co quyet dinh cong nhan', ['quyet_dinh', 'cong_nhan']],
    ['1.000894', 'co can ho khau khong', ['ho_khau']],
    ['1.000656', 'nho nguoi nha di nop thay duoc khong', ['nguoi_nha']],
    ['2.002481', 'nop o truong cu hay truong moi', ['nop']],
  ])('after %s, in "%s", %j speak of the procedure', (code, key, terms) => {
    const about = aboutLast(s.index, code, key);
    expect(about.partSaid || terms.every((t) => about.ofLast(t))).toBe(true);
    for (const t of terms) expect(about.ofLast(t)).toBe(true);
  });

  it('a word of another procedure is no part of the last one', () => {
    const about = aboutLast(s.index, '1.013702', 'quyet dinh cong nhan ho can ngheo bao lau thi co');
    expect(about.ofLast('ho_ngheo')).toBe(false);
    expect(about.ofLast('can_ngheo')).toBe(false);
    expect(about.part('quyet_dinh')).toBe(true);
  });
});

describe('subjectOfItsOwn', () => {
  it.each([
    ['1.013702', 'Bao lâu thì có quyết định công nhận ạ?'],
    ['1.000894', 'có cần giấy khai sinh không'],
    ['1.000656', 'thời gian giải quyết mấy ngày'],
    ['1.004222', 'ủy quyền cho người khác đi làm được không'],
  ])('after %s, "%s" has none', (code, text) => {
    expect(subject(code, text)).toBeNull();
  });

  it.each([
    ['1.013702', 'quyết định công nhận hộ cận nghèo bao lâu thì có', 'procedure'],
    ['1.001193', 'còn chứng thực chữ ký thì mấy ngày', 'procedure'],
    ['1.004222', 'nuôi chim yến có cần xin phép không', 'words'],
  ])('after %s, "%s" names a %s of its own', (code, text, kind) => {
    expect(subject(code, text)).toBe(kind);
  });
});

describe('after a procedure, in the conversation memory', () => {
  /** The first procedure answered to `text` after `before`. */
  function after(before: string, text: string): string | undefined {
    const memory = memoryAfter(analyzeWith(s.index, before, {}), {});
    return analyzeWith(s.index, text, memory).procedures[0]?.code;
  }

  it('who must come, or whether the office comes home, asks how the last procedure is done, not the mobile registrations', () => {
    expect(after('Làm giấy xác nhận khuyết tật cho bố', 'bo toi khong di duoc, hoi dong co xuong nha khong')).toBe('1.001699');
    expect(after('Cho hỏi đăng ký kết hôn cần giấy tờ gì', 'the hai dua phai cung co mat a')).toBe('1.000894');
  });

  it('a variant of the last procedure asked is that variant: a marriage with a foreigner, a death registered at home', () => {
    expect(after('Đăng ký kết hôn cần gì?', 'con ban gai em la nguoi Lao dang o Viet Nam thi co khac gi khong')).toBe('2.000806');
    expect(after('Đăng ký khai tử cho bà', 'nhà xa quá, cán bộ có xuống nhà làm được không')).toBe('1.000419');
    // Another procedure named outright is no variant of the last one.
    expect(after('Đăng ký khai sinh', 'còn đăng ký kết hôn thì sao')).toBe('1.000894');
  });
});
