// Life situations, euphemisms and regional words (data/situations): the staff-editable file reads,
// and indirect descriptions reach the procedure of the catalog.
import { describe, expect, it } from 'vitest';
import { useSampleIndex } from '../helpers/knowledge';
import { parseSituations, type Meaning } from '../../knowledge/situations';
import { PatternSet } from '../../knowledge/patterns';
import { TextPipeline } from '../../knowledge/text';
import { fold, wordsOf } from '../../knowledge/normalize';

describe('situations file', () => {
  it('the shipped files read without problems', () => {
    expect(TextPipeline.fromFiles().problems).toEqual([]);
  });

  it('reads classes, gaps, concepts, intents and regional replacements; reports bad lines', () => {
    const classes = new Map<string, string[][]>();
    const set = new PatternSet<Meaning>();
    const synonyms: string[] = [];
    const problems = parseSituations('$người = ba | mẹ\n$người … đi rồi => @mất\nhẹn hoài => #feedback\nmần = làm\nxyz => #nope\nchỉ một dòng\n', 'vi.txt', classes, set, synonyms);
    expect(problems.map((p) => p.line)).toEqual([5, 6]);
    expect(synonyms).toEqual(['mần = làm']);
    expect(set.matchAll(wordsOf(fold('mẹ em mới đi rồi'))).map((m) => m.value.concepts)).toEqual([['@mat']]);
    expect(set.matchAll(wordsOf(fold('hen hoai')))[0]!.value.intents).toEqual(['feedback']);
  });
});

describe('situations reach the catalog', () => {
  const sample = useSampleIndex();

  it.each([
    ['bố e đi rồi ạ, đi ở viện tỉnh, viện có đưa cho tờ giấy, giờ lên xã làm gì', '1.000656'],
    ['ông nội em mới về với tổ tiên tuần trước, nhà em cần báo xã những gì', '1.000656'],
    ['Hai đứa em ở với nhau 2 năm rồi, giờ muốn đàng hoàng trên giấy tờ là vợ chồng', '1.000894'],
    ['Thằng lớn nhà tôi lấy vợ, ra ở căn bên cạnh. Giờ nó muốn đứng sổ riêng chứ không chung với bố mẹ nữa', '1.010038'],
    ['quán nhậu nhà e đóng tạm 3 tháng để sửa lại, có cần báo xã k', '1.001570'],
    ['Nhà cháy hết, trong đó có cả cái giấy đăng ký của tiệm. Tiệm vẫn bán bình thường, giờ làm sao có lại giấy', '2.000575'],
    ['cái giấy chứng nhận tật của ba e bị ướt mưa nhòe hết chữ, rách tùm lum', '1.001653'],
    ['nhà e bị lũ cuốn sập hết hồi tháng 10, giờ trắng tay, xã có xét cho nhà e vào diện khó khăn đc ko', '1.011607'],
    ['tui mần nghề biển, có mua lại chiếc ghe của ông bà con, chừ muốn xã chứng cái giấy mua bán cho chắc thì được không', '2.001035'],
    ['bên ni ai lo vụ tiền người già rứa, ôn tui 82 tuổi rồi chưa có chi hết', '1.001776'],
    ['hắn với tui ở với nhau lâu rồi, chừ muốn làm giấy kết hôn cho đàng hoàng, cần mang chi', '1.000894'],
    ['Giấy cưới của bố mẹ tôi từ năm 1985 mất hết, hỏi xã thì không còn lưu', '1.004746'],
  ])('"%s" reaches %s', (text, code) => {
    const a = sample.analyze(text);
    expect(['procedure', 'fee']).toContain(a.intent);
    expect(a.candidates.slice(0, 3).map((c) => c.code)).toContain(code);
  });
});
