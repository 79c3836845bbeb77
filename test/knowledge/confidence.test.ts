// The confidence model's fit (bench:qa --fit): it must recover the coefficients that generated the
// labels, and never fit worse than the coefficients in use on the messages it is fitted on. Also the
// evidence it reads (how much of the ask the winner explains), the thresholds that make the three
// outcomes of it, and bench:qa's count of wrong answers.
import { describe, expect, it } from 'vitest';
import {
  ANSWER_MIN_CONFIDENCE, CALIBRATION, CHOICES_MIN_CONFIDENCE, CLOSE_ANSWER_MIN_CONFIDENCE, CLOSE_LEAD, confidenceOf, EVIDENCE_KEYS, evidenceOf,
  fitConfidence, logLoss, outcomeFor, type Coefficients, type Evidence,
} from '../../knowledge/confidence';
import { CONFIDENT_WRONG_MIN, evaluate, type QaItem } from '../../knowledge/eval';
import type { Candidate } from '../../knowledge/search';
import { useSampleIndex } from '../helpers/knowledge';

/** A small deterministic generator (no flaky test): mulberry32. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function samples(truth: Coefficients, n: number, seed: number) {
  const rnd = random(seed);
  return Array.from({ length: n }, () => {
    const evidence = Object.fromEntries(EVIDENCE_KEYS.map((k) => [k, k === 'lead' || k === 'score' || k === 'askCover' || k === 'askExplained' ? rnd() : +(rnd() < 0.5)])) as unknown as Evidence;
    return { evidence, right: rnd() < confidenceOf(evidence, truth) };
  });
}

describe('confidence model fit', () => {
  it('recovers the coefficients that generated the labels', () => {
    const truth = { ...CALIBRATION, concept: 2, rival: -1.5, bias: -1 };
    const fitted = fitConfidence(samples(truth, 6000, 7), 0.01);
    for (const k of ['bias', 'concept', 'rival', 'phrase'] as const) expect(fitted[k]).toBeCloseTo(truth[k], 0);
  });

  it('fits the messages at least as well as the coefficients in use, and calibrates the mean', () => {
    const data = samples({ ...CALIBRATION, exact: 2.5, story: -2 }, 800, 11);
    const fitted = fitConfidence(data);
    expect(logLoss(data, fitted)).toBeLessThan(logLoss(data));
    const mean = data.reduce((s, d) => s + confidenceOf(d.evidence, fitted), 0) / data.length;
    const rate = data.filter((d) => d.right).length / data.length;
    expect(Math.abs(mean - rate)).toBeLessThan(0.02);
  });
});

const sample = useSampleIndex();

/** A candidate whose best phrasing matched these query terms. */
function candidate(code: string, hits: string[]): Candidate {
  return { code, name: code, score: 10, matchedWords: hits.length, pairMatch: true, phraseMatch: true, matched: hits, conceptMatch: false, exact: false, hits, otherHits: [] };
}

describe('evidence: how much of the ask the winner explains', () => {
  const ctx = (askTerms: string[]) => ({ askTerms: new Set(askTerms), referrals: 0, sentences: 1, offTopic: false });

  it('weighs each specific term of the ask by its rarity in the catalog; generic and unknown terms do not count', () => {
    const index = sample.index;
    // A pair of one procedure's name, a word several procedures use, a word most use, a word none uses.
    const rare = 'khai_tu';
    const common = 'khai';
    const generic = 'dang_ky';
    expect(index.docFreq(rare)).toBeLessThan(index.docFreq(common));
    expect(index.isSpecific(generic)).toBe(false);
    const ask = [rare, common, generic, 'khongcotrongdanhmuc'];
    const explained = (hits: string[]) => evidenceOf(candidate('x', hits), undefined, ctx(ask), index).askExplained;
    expect(explained([rare, common])).toBeCloseTo(1);
    expect(explained([])).toBe(0);
    // The rare pair alone explains more of the ask than the common word alone.
    expect(explained([rare])).toBeGreaterThan(explained([common]));
    expect(explained([rare]) + explained([common])).toBeCloseTo(1);
    // An ask with nothing specific is explained by nobody.
    expect(evidenceOf(candidate('x', [generic]), undefined, ctx([generic]), index).askExplained).toBe(0);
  });
});

describe('bench:qa: wrong answers', () => {
  it('counts procedures answered that are not the right one, whatever the item expected, and those answered confidently', () => {
    const index = sample.index;
    const text = 'thủ tục đăng ký khai tử';
    const a = sample.analyze(text);
    expect(a.outcome).toBe('answer');
    const answered = a.procedures[0]!.code;
    const items: QaItem[] = [
      { text, intent: 'procedure', codes: [answered], style: 't' },
      { text, intent: 'procedure', codes: ['0.000000'], style: 't' },
      { text, intent: 'unknown', codes: [], style: 't' },
    ];
    const r = evaluate(index, items, { latencyRounds: 0 });
    expect(r.answeredWrong.n).toBe(2);
    expect(r.answeredWrong.confident).toBe((a.confidence ?? 0) >= CONFIDENT_WRONG_MIN ? 2 : 0);
  });
});

describe('the three outcomes: answer, "Ý anh/chị là:", "em chưa rõ"', () => {
  const far = { rival: 0, lead: 0.5 };
  const close = { rival: 1, lead: CLOSE_LEAD / 2 };

  it('splits the confidence at the thresholds', () => {
    expect(outcomeFor(ANSWER_MIN_CONFIDENCE, far)).toBe('answer');
    expect(outcomeFor(ANSWER_MIN_CONFIDENCE - 0.01, far)).toBe('choices');
    expect(outcomeFor(CHOICES_MIN_CONFIDENCE, far)).toBe('choices');
    expect(outcomeFor(CHOICES_MIN_CONFIDENCE - 0.01, far)).toBe('unclear');
    // More likely right than wrong is not enough: the 0.50–0.65 band was right about half the time.
    expect(outcomeFor(0.6, far)).toBe('choices');
  });

  it('offers choices when a runner-up as good is close behind, unless the winner is sure', () => {
    expect(outcomeFor(CLOSE_ANSWER_MIN_CONFIDENCE - 0.01, close)).toBe('choices');
    expect(outcomeFor(CLOSE_ANSWER_MIN_CONFIDENCE, close)).toBe('answer');
    // Far behind, or without evidence as good, it is no alternative.
    expect(outcomeFor(CLOSE_ANSWER_MIN_CONFIDENCE - 0.01, { rival: 1, lead: CLOSE_LEAD })).toBe('answer');
    expect(outcomeFor(CLOSE_ANSWER_MIN_CONFIDENCE - 0.01, { rival: 0, lead: 0 })).toBe('answer');
    expect(outcomeFor(CHOICES_MIN_CONFIDENCE - 0.01, close)).toBe('unclear');
  });

  it('a procedure named is answered, a bare family name or a vague matter gets choices, a lone generic word is unclear', () => {
    const named = sample.analyze('thủ tục đăng ký khai tử');
    expect(named.outcome).toBe('answer');
    expect(named.confidence).toBeGreaterThanOrEqual(CLOSE_ANSWER_MIN_CONFIDENCE);

    // "chứng thực" names a family of papers: confident enough to answer, but the runner-up is as good.
    const family = sample.analyze('chứng thực giùm em');
    expect(family.confidence).toBeGreaterThanOrEqual(ANSWER_MIN_CONFIDENCE);
    expect(family.evidence!.rival).toBe(1);
    expect(family.evidence!.lead).toBeLessThan(CLOSE_LEAD);
    expect(family.outcome).toBe('choices');
    expect(family.procedures.length).toBeGreaterThanOrEqual(2);
    expect(family.procedures.length).toBeLessThanOrEqual(3);

    // Land papers of some kind: more likely right than wrong, but not enough to answer.
    const vague = sample.analyze('giấy tờ đất đai');
    expect(vague.confidence).toBeGreaterThanOrEqual(0.5);
    expect(vague.confidence).toBeLessThan(ANSWER_MIN_CONFIDENCE);
    expect(vague.outcome).toBe('choices');

    // The search finds candidates for "đăng ký", but none is trusted even as a choice.
    const generic = sample.analyze('đăng ký');
    expect(generic.candidates.length).toBeGreaterThan(0);
    expect(generic.confidence).toBeLessThan(CHOICES_MIN_CONFIDENCE);
    expect(generic.procedures).toEqual([]);
    expect(generic.intent).toBe('unknown');
  });
});
