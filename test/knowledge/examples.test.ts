// Example messages (data/examples) and their second opinion on the rules' reading (second-opinion.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { ExampleIndex, exampleWords, labelOf, loadExamples, parseExamples } from '../../knowledge/examples';
import { exampleLines, referralOfItem } from '../../knowledge/cli/examples-from-eval';
import { EXAMPLES_DIR } from '../../knowledge/text';
import { analyzeWith, MEMORY_LAST_PROCEDURE } from '../../knowledge/understand';
import { OVERRULE_MIN_SHARE, PROCEDURE_MIN_SHARE, REFERRAL_MIN_SHARE, RIVAL_MIN_SHARE } from '../../knowledge/second-opinion';
import { useSampleIndex } from '../helpers/knowledge';
import type { QaItem } from '../../knowledge/eval';

const sample = useSampleIndex();

/** The sample index with these examples instead of data/examples, for one test (restored after). */
let saved: ExampleIndex | undefined;
function withExamples(lines: string): void {
  saved ??= sample.index.pipeline.examples;
  const { examples, problems } = parseExamples(lines, 'test');
  expect(problems).toEqual([]);
  sample.index.pipeline.examples = new ExampleIndex(examples);
}
afterEach(() => {
  if (saved) sample.index.pipeline.examples = saved;
  saved = undefined;
});

describe('reading example files', () => {
  it('reads codes, intents and comments, and names each bad line', () => {
    const { examples, problems } = parseExamples(
      [
        '# a comment',
        '1.001193 | vợ em mới sinh bé, làm giấy khai sinh ở đâu',
        '1.013702, 1.013703 | muốn lập hội nuôi ong',
        '#feedback | cán bộ hẹn đi hẹn lại cả tháng',
        '#referral:can_cuoc | mất căn cước làm lại ở đâu',
        'no bar here',
        '#angry | an intent that does not exist',
        '1.0011 | a code cut short',
        '1.001193 |',
        '#feedback:can_cuoc | an entry on another intent',
        '#referral:Căn Cước | not an entry id',
      ].join('\n'),
      'mine',
    );
    expect(examples).toEqual([
      { text: 'vợ em mới sinh bé, làm giấy khai sinh ở đâu', source: 'mine', codes: ['1.001193'] },
      { text: 'muốn lập hội nuôi ong', source: 'mine', codes: ['1.013702', '1.013703'] },
      { text: 'cán bộ hẹn đi hẹn lại cả tháng', source: 'mine', codes: [], intent: 'feedback' },
      { text: 'mất căn cước làm lại ở đâu', source: 'mine', codes: [], intent: 'referral', referral: 'can_cuoc' },
    ]);
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['mine.txt', 6],
      ['mine.txt', 7],
      ['mine.txt', 8],
      ['mine.txt', 9],
      ['mine.txt', 10],
      ['mine.txt', 11],
    ]);
    expect(examples.map(labelOf)).toEqual(['1.001193', '1.013702, 1.013703', '#feedback', '#referral:can_cuoc']);
    expect(problems[1]!.reason).toContain('#angry');
  });

  it('the shipped examples read without a problem, and name only procedures of the sample catalog', () => {
    const { examples, problems } = loadExamples(EXAMPLES_DIR);
    expect(problems).toEqual([]);
    expect(examples.length).toBeGreaterThan(3000);
    const unknown = examples.flatMap((e) => e.codes).filter((c) => !sample.index.byCode.has(c));
    expect([...new Set(unknown)]).toEqual([]);
    // A referral's entry is one of the referral table (data/referrals).
    const entries = new Set(sample.index.pipeline.referralList.map((r) => r.id));
    const named = examples.flatMap((e) => (e.referral ? [e.referral] : []));
    expect(named.length).toBeGreaterThan(300);
    expect([...new Set(named)].filter((id) => !entries.has(id))).toEqual([]);
  });
});

describe('the vote of the nearest examples', () => {
  const index = new ExampleIndex(
    parseExamples(
      [
        '1.001193 | làm giấy khai sinh cho con',
        '1.001193 | con mới đẻ làm khai sinh ở đâu',
        '1.000894 | đăng ký kết hôn cần giấy tờ gì',
        '#feedback | cán bộ hẹn đi hẹn lại mà không làm',
        '#human | cho tôi gặp cán bộ tư pháp',
        '#referral:ho_chieu | làm hộ chiếu đi nước ngoài ở đâu',
      ].join('\n'),
      'a',
    ).examples.concat(parseExamples('1.000656 | làm giấy khai tử cho bố', 'b').examples),
  );

  it('shares the vote among the nearest, weighted by similarity', () => {
    const v = index.vote(exampleWords('làm khai sinh cho con ở đâu'), 2);
    expect(v.nearest.map((n) => n.example.codes[0])).toEqual(['1.001193', '1.001193']);
    expect(v.codes.get('1.001193')).toBeCloseTo(1);
    expect(v.intents.get('procedure')).toBeCloseTo(1);
    expect(v.best).toBeGreaterThan(0.3);
    expect(v.best).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('a referral example votes for its entry of the referral table too', () => {
    const v = index.vote(exampleWords('làm hộ chiếu ở đâu'), 1);
    expect(v.intents.get('referral')).toBeCloseTo(1);
    expect(v.referrals.get('ho_chieu')).toBeCloseTo(1);
    expect(index.vote(exampleWords('làm khai sinh cho con ở đâu'), 2).referrals.size).toBe(0);
  });

  it('an identical message is nearest with similarity 1', () => {
    const v = index.vote(exampleWords('Cho tôi gặp cán bộ tư pháp'), 1);
    expect(v.nearest[0]!.example.intent).toBe('human');
    expect(v.best).toBeCloseTo(1);
  });

  it('a message sharing no word with any example gets no vote', () => {
    const v = index.vote(exampleWords('thời tiết hôm nay'));
    expect(v.nearest).toEqual([]);
    expect(v.best).toBe(0);
  });

  it('without(source) leaves that source out (bench:qa scores a set without its own examples)', () => {
    expect(index.size).toBe(7);
    const rest = index.without('b');
    expect(rest.size).toBe(6);
    expect(rest.vote(exampleWords('làm giấy khai tử cho bố')).codes.has('1.000656')).toBe(false);
    expect(index.vote(exampleWords('làm giấy khai tử cho bố')).codes.has('1.000656')).toBe(true);
  });
});

describe('the second opinion', () => {
  // A message the rules cannot read ("em chưa rõ") and examples that all say one procedure.
  const unclear = 'nhà có đám, giờ lo giấy má sao đây';

  it('examples that agree answer what the rules could not read, with their share as confidence', () => {
    withExamples(['1.000656 | nhà có đám giấy má lo sao', '1.000656 | nhà có đám thì lo giấy gì', '1.000656 | có đám giấy má làm sao đây'].join('\n'));
    const a = sample.analyze(unclear);
    expect(a.decidedBy).toBe('examples');
    expect(a.intent).toBe('procedure');
    expect(a.outcome).toBe('answer');
    expect(a.procedures[0]!.code).toBe('1.000656');
    expect(a.confidence).toBeCloseTo(1);
  });

  it('examples split between answers leave the rules\u2019 reading', () => {
    withExamples(['1.000656 | nhà có đám giấy má lo sao', '1.001193 | nhà có đám giấy má lo sao', '1.000894 | nhà có đám giấy má lo sao'].join('\n'));
    const a = sample.analyze(unclear);
    expect(a.decidedBy).toBeUndefined();
    expect(a.intent).toBe('unknown');
  });

  it('examples that agree on another office’s matter name that office, when the rules could not read it', () => {
    const lost = 'thẻ chíp rớt mất hôm đi chợ, giờ xin lại chỗ nào';
    expect(sample.analyze(lost).intent).toBe('unknown');
    withExamples(['#referral:can_cuoc | thẻ chíp rớt mất rồi xin lại ở đâu', '#referral:can_cuoc | rớt mất thẻ chíp đi chợ', '#referral:can_cuoc | thẻ chíp mất xin lại chỗ nào'].join('\n'));
    const a = sample.analyze(lost);
    expect(a.decidedBy).toBe('examples');
    expect(a.intent).toBe('referral');
    expect(a.referral?.id).toBe('can_cuoc');
    expect(a.confidence).toBeCloseTo(1);
  });

  it('examples that say another office’s matter without agreeing on the office give "em chưa rõ", not a guess', () => {
    withExamples(['#referral:can_cuoc | thẻ chíp rớt mất rồi xin lại ở đâu', '#referral:ho_chieu | rớt mất thẻ chíp đi chợ', '#referral | thẻ chíp mất xin lại chỗ nào'].join('\n'));
    const a = sample.analyze('thẻ chíp rớt mất hôm đi chợ, giờ xin lại chỗ nào');
    expect(a.intent).toBe('unknown');
    expect(a.referral).toBeUndefined();
    expect(REFERRAL_MIN_SHARE).toBeGreaterThan(0.4);
  });

  it('a procedure the rules ranked among their best few is answered on half of the vote; one they did not find needs more', () => {
    const lost = 'làm lại giấy khai sinh bị mất';
    expect(sample.analyze(lost).procedures[0]!.code).toBe('2.000635');
    const lines = (code: string) =>
      [
        `${code} | làm lại giấy khai sinh bị mất`,
        `${code} | làm lại giấy khai sinh bị mất nhé`,
        '1.000656 | làm lại giấy khai sinh bị mất rồi',
        '1.000656 | giấy khai sinh bị mất làm lại',
        // Other matters, so that the words above weigh (a word every example has weighs nothing).
        ...['1.000894 | đăng ký kết hôn', '1.001612 | mở quán cà phê', '#human | cho gặp cán bộ', '#greeting | chào xã', '1.004222 | nhập hộ khẩu cho vợ', '#feedback | đường hư không ai sửa'],
      ].join('\n');
    withExamples(lines('1.004884'));
    const share = sample.index.pipeline.examples.vote(exampleWords(lost)).codes.get('1.004884')!;
    expect(share).toBeGreaterThanOrEqual(RIVAL_MIN_SHARE);
    // Below what an answer of the examples otherwise needs (PROCEDURE_MIN_SHARE).
    expect(share).toBeLessThan(PROCEDURE_MIN_SHARE);
    const a = sample.analyze(lost);
    expect(a.decidedBy).toBe('examples');
    expect(a.procedures[0]!.code).toBe('1.004884');
    expect(a.confidence).toBeCloseTo(share);
    // The same share for a procedure the rules did not find among their best: the rules' answer stays.
    withExamples(lines('1.013702'));
    expect(sample.analyze(lost).procedures[0]!.code).toBe('2.000635');
  });

  it('an intent said in its own cue words stays, whatever the examples say', () => {
    withExamples(['1.001193 | hủy đăng ký khai sinh', '1.001193 | hủy khai sinh đăng ký sai'].join('\n'));
    expect(sample.analyze('hủy đăng ký nhận tin').intent).toBe('unsubscribe');
  });

  it('a complaint told without a question stays a complaint', () => {
    withExamples(['1.001612 | mở quán cà phê đăng ký kinh doanh', '1.001612 | quán cà phê nhỏ đăng ký gì'].join('\n'));
    expect(sample.analyze('quán cà phê mở nhạc to suốt ngày').intent).toBe('feedback');
  });

  it('right after a procedure, a follow-up is the conversation\u2019s, not the examples\u2019', () => {
    withExamples(['1.001193 | lệ phí bao nhiêu', '1.001193 | lệ phí bao nhiêu vậy'].join('\n'));
    const a = analyzeWith(sample.index, 'lệ phí bao nhiêu', { [MEMORY_LAST_PROCEDURE]: '1.000894' });
    expect(a.procedures[0]!.code).toBe('1.000894');
    expect(a.decidedBy).toBeUndefined();
  });

  it('a procedure the rules answered stays when the examples give it a share too', () => {
    withExamples(['1.000894 | đăng ký kết hôn cần gì', '1.000894 | kết hôn cần gì', '1.000593 | đăng ký kết hôn lại cần gì', '1.000593 | đăng ký lại kết hôn cần gì'].join('\n'));
    const a = sample.analyze('đăng ký kết hôn cần giấy tờ gì');
    expect(a.procedures[0]!.code).toBe('1.000894');
    expect(a.decidedBy).toBeUndefined();
    expect(OVERRULE_MIN_SHARE).toBeGreaterThan(0.5);
  });
});

describe('a spent evaluation set written as examples (npm run examples:from-eval)', () => {
  const item = (o: Partial<QaItem> & Pick<QaItem, 'text' | 'intent'>): QaItem => ({ id: 'x', style: 'plain', codes: [], ...o });

  it('writes procedures with their codes, intents with their name, keystrokes as the sentence typed, and skips follow-ups', () => {
    const lines = exampleLines(
      [
        item({ text: 'lam khai sinh o dau', intent: 'procedure', codes: ['1.001193'] }),
        item({ text: 'ddawng kys keets hoon', intent: 'procedure', codes: ['1.000894'], note: 'typed: đăng ký kết hôn | rule 5' }),
        item({ text: 'còn lệ phí?', intent: 'fee', codes: ['1.000894'], context: ['đăng ký kết hôn'], note: 'follow-up: fee' }),
        item({ text: 'thôi cho gặp cán bộ', intent: 'human', context: ['đăng ký kết hôn'], note: 'new subject: human' }),
        item({ text: 'làm hộ chiếu | visa ở đâu', intent: 'referral', note: 'passport -> immigration' }),
        item({ text: 'bói một quẻ', intent: 'unknown' }),
      ],
      'setx',
      (it) => (it.note?.includes('passport') ? 'ho_chieu' : undefined),
    );
    expect(lines).toEqual([
      '# Câu mẫu lấy từ bộ đánh giá setx (đã chấm một lần, dùng để học từ đó).',
      '1.001193 | lam khai sinh o dau',
      '1.000894 | đăng ký kết hôn',
      '#human | thôi cho gặp cán bộ',
      '#referral:ho_chieu | làm hộ chiếu / visa ở đâu',
      '#unknown | bói một quẻ',
    ]);
  });

  it('a referral’s entry is the one the table’s patterns give, else the one its note names, else none', () => {
    expect(referralOfItem(sample.index, item({ text: 'làm lại căn cước ở đâu', intent: 'referral' }))).toBe('can_cuoc');
    expect(referralOfItem(sample.index, item({ text: 'cái thẻ bị rớt đâu mất rồi', intent: 'referral', note: 'ID card -> police' }))).toBe('can_cuoc');
    expect(referralOfItem(sample.index, item({ text: 'cái thẻ bị rớt đâu mất rồi', intent: 'referral', note: 'A6' }))).toBeUndefined();
    // The rules read it without the examples: the index keeps its own.
    expect(sample.index.pipeline.examples.size).toBeGreaterThan(3000);
  });
});
