// The confidence model's fit (bench:qa --fit): it must recover the coefficients that generated the
// labels, and never fit worse than the coefficients in use on the messages it is fitted on.
import { describe, expect, it } from 'vitest';
import { CALIBRATION, confidenceOf, EVIDENCE_KEYS, fitConfidence, logLoss, type Coefficients, type Evidence } from '../../knowledge/confidence';

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
    const evidence = Object.fromEntries(EVIDENCE_KEYS.map((k) => [k, k === 'lead' || k === 'score' || k === 'askCover' ? rnd() : +(rnd() < 0.5)])) as unknown as Evidence;
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
