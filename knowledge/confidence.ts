// The confidence model (issue 12): a calibrated chance that the best procedure found is right, from
// the evidence of the search, and the thresholds that split it into the three outcomes (answer;
// "Ý anh/chị là:" with at most 3 choices; "em chưa rõ" with an offer to pass to staff).
// `npm run bench:qa -- --split a --fit` refits the coefficients (fitConfidence below) on halves a and
// checks them on halves b.
import type { Candidate, ProcedureIndex } from './search';

// Calibration (bench:qa prints accuracy per confidence band): the confidence is the chance that the
// best procedure is right, a logistic function of the evidence; the thresholds split it into three
// outcomes. A wrong answer sends a citizen to the wrong office, and "Ý anh/chị là:" holding the right
// procedure costs the citizen one tap: the assistant answers only when right is about twice as likely
// as wrong, and offers choices down to a one-in-five chance. Chosen on halves b with the refit below
// (0.5 → 0.65 and the close runner-up rule: wrong answers 130 → 106, top-1 1700 → 1686 of 1951).
/** At or above: answer. */
export const ANSWER_MIN_CONFIDENCE = 0.65;
/** Below ANSWER_MIN but at or above this: "Ý anh/chị là:" with the close candidates. */
export const CHOICES_MIN_CONFIDENCE = 0.2;
/**
 * A runner-up with evidence as good (`rival`) and less than this lead behind it is a real alternative:
 * below CLOSE_ANSWER_MIN_CONFIDENCE the citizen chooses ("chứng thực giùm em": which paper?).
 */
export const CLOSE_LEAD = 0.2;
export const CLOSE_ANSWER_MIN_CONFIDENCE = 0.8;
/** Answers below this are recorded for staff review with what was answered (the 0.65–0.85 bands are right about four times in five). */
export const REVIEW_BELOW_CONFIDENCE = 0.85;

export type ConfidenceOutcome = 'answer' | 'choices' | 'unclear';

/** The outcome the confidence and the runner-up decide (the search having accepted the best candidate). */
export function outcomeFor(confidence: number, e: Pick<Evidence, 'rival' | 'lead'> | undefined): ConfidenceOutcome {
  if (confidence < CHOICES_MIN_CONFIDENCE) return 'unclear';
  if (confidence < ANSWER_MIN_CONFIDENCE) return 'choices';
  if (e && e.rival && e.lead < CLOSE_LEAD && confidence < CLOSE_ANSWER_MIN_CONFIDENCE) return 'choices';
  return 'answer';
}

/**
 * What the confidence is computed from: the best candidate's evidence and its lead over the
 * runner-up.
 */
export interface Evidence {
  pair: number;
  phrase: number;
  concept: number;
  /** The winner's evidence was said in a sentence that asks. */
  inAsk: number;
  /** Lead over the runner-up: 1 − second/first. */
  lead: number;
  /** BM25 score, capped. */
  score: number;
  /** The runner-up has evidence as good (a pair, as many specific words): a real alternative. */
  rival: number;
  /** The winner's own phrasing was said in full, the runner-up's was not. */
  exact: number;
  /** Share of the asking sentences' specific words the winner explains (a story's ask is mostly other words). */
  askCover: number;
  /**
   * Share of the ask's specific terms (words, word pairs, situations) the winner explains, each
   * weighted by how rare it is in the catalog: a rare pair of the ask left unexplained ("xóa" of
   * "xóa thế chấp") weighs more than a common word.
   */
  askExplained: number;
  /** The message names another office's matter (the winner kept the floor against it). */
  referral: number;
  /** A long story (more sentences than a question and its context). */
  story: number;
  /** The message names something the commune does not handle (weather, loans…). */
  offTopic: number;
}

export const EVIDENCE_KEYS: readonly (keyof Evidence)[] = [
  'pair', 'phrase', 'concept', 'inAsk', 'lead', 'score', 'rival', 'exact', 'askCover', 'askExplained', 'referral', 'story', 'offTopic',
];

/** What the message's reading tells the model besides the candidates. */
export interface EvidenceContext {
  /** Terms said in a sentence that asks. */
  askTerms: Set<string>;
  /** Referral matches found in the message. */
  referrals: number;
  sentences: number;
  offTopic: boolean;
}

const SCORE_CAP = 20;
/** A runner-up scoring less than this share of the winner is no rival, whatever words it shares. */
const RIVAL_MIN_RATIO = 0.7;
/** Sentences beyond which a message is a story. */
const STORY_SENTENCES = 2;

export function evidenceOf(top: Candidate, second: Candidate | undefined, ctx: EvidenceContext, index: ProcedureIndex): Evidence {
  const askTerms = ctx.askTerms;
  const askWords = [...askTerms].filter((t) => !t.includes('_') && !t.startsWith('@') && index.docFreq(t) > 0);
  const hits = new Set(top.hits);
  return {
    askCover: askWords.length ? askWords.filter((t) => hits.has(t)).length / askWords.length : 0,
    askExplained: explainedShare(askTerms, hits, index),
    referral: +(ctx.referrals > 0),
    story: +(ctx.sentences > STORY_SENTENCES),
    offTopic: +ctx.offTopic,
    pair: +top.pairMatch,
    phrase: +top.phraseMatch,
    concept: +top.conceptMatch,
    inAsk: +top.matched.some((t) => askTerms.has(t)),
    lead: second ? 1 - second.score / top.score : 1,
    score: Math.min(top.score, SCORE_CAP) / SCORE_CAP,
    // A runner-up far behind on the same words has more words of its own unsaid ("chứng thực chữ ký
    // người dịch" against "chứng thực chữ ký"): no real alternative.
    rival: +(second !== undefined && second.pairMatch === top.pairMatch && second.matchedWords >= top.matchedWords && second.score > top.score * RIVAL_MIN_RATIO),
    exact: +(top.exact && !second?.exact),
  };
}

/** Inverse document frequency over the procedures: what a term tells one procedure from the others. */
function idf(t: string, index: ProcedureIndex): number {
  return Math.log(index.size / Math.max(1, index.docFreq(t)));
}

/** The idf-weighted share of the ask's specific terms among `hits` (0 when the ask has none). */
function explainedShare(askTerms: Set<string>, hits: Set<string>, index: ProcedureIndex): number {
  let all = 0;
  let explained = 0;
  for (const t of askTerms) {
    if (!index.isSpecific(t)) continue;
    const w = idf(t, index);
    all += w;
    if (hits.has(t)) explained += w;
  }
  return all ? explained / all : 0;
}

export type Coefficients = Evidence & { bias: number };

// Logistic coefficients fitted (maximum likelihood, light L2: fitConfidence) on halves a of the dev,
// tuning and spent fresh sets (fresh…fresh9), the messages that reach the procedure search, the label
// being "the best candidate is a right procedure" (`bench:qa -- --split a --fit`, judged on halves b).
// A fit on whole sets misleads: halves a were tuned on. askExplained (the ask's rare terms left
// unexplained) now weighs; the bare family name it used to answer ("chứng thực giùm em") is held by the
// close runner-up rule of outcomeFor. inAsk's small negative weight is its overlap with askCover and
// askExplained, which say the same more finely.
export const CALIBRATION: Coefficients = {
  bias: -3.21, askCover: 0.96, askExplained: 0.75, referral: -0.06, story: 0.2, offTopic: -1.34, pair: 1.28, phrase: 2.42, concept: 0.83,
  inAsk: -0.44, lead: 1.53, score: 0.45, rival: -1.23, exact: 0.55,
};

/** A calibrated chance that the best candidate is right. */
export function confidenceOf(e: Evidence, c: Coefficients = CALIBRATION): number {
  let z = c.bias;
  for (const k of EVIDENCE_KEYS) z += c[k] * e[k];
  return 1 / (1 + Math.exp(-z));
}

/** L2 penalty of the fit: keeps a rare feature (few messages have it) from a huge coefficient. */
export const FIT_L2 = 1;
const FIT_ITERATIONS = 50;

/**
 * Maximum-likelihood logistic regression with an L2 penalty (the bias is not penalised), by Newton's
 * method: the coefficients that make `confidenceOf` a calibrated chance on these samples.
 */
export function fitConfidence(samples: { evidence: Evidence; right: boolean }[], l2 = FIT_L2): Coefficients {
  const d = EVIDENCE_KEYS.length + 1;
  const x = samples.map((s) => [1, ...EVIDENCE_KEYS.map((k) => s.evidence[k])]);
  const y = samples.map((s) => (s.right ? 1 : 0));
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < FIT_ITERATIONS; it++) {
    const grad = w.map((wj, j) => (j ? l2 * wj : 0));
    const hess = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j && i ? l2 : 0)));
    x.forEach((xi, n) => {
      const p = 1 / (1 + Math.exp(-xi.reduce((s, v, j) => s + v * w[j]!, 0)));
      for (let i = 0; i < d; i++) {
        grad[i]! += (p - y[n]!) * xi[i]!;
        for (let j = 0; j < d; j++) hess[i]![j]! += p * (1 - p) * xi[i]! * xi[j]!;
      }
    });
    const step = solve(hess, grad);
    let moved = 0;
    for (let j = 0; j < d; j++) {
      w[j]! -= step[j]!;
      moved = Math.max(moved, Math.abs(step[j]!));
    }
    if (moved < 1e-8) break;
  }
  const out = { bias: w[0]! } as Coefficients;
  EVIDENCE_KEYS.forEach((k, j) => (out[k] = w[j + 1]!));
  return out;
}

/** Mean negative log-likelihood of the samples under the coefficients (lower is better). */
export function logLoss(samples: { evidence: Evidence; right: boolean }[], c: Coefficients = CALIBRATION): number {
  if (!samples.length) return 0;
  let sum = 0;
  for (const s of samples) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, confidenceOf(s.evidence, c)));
    sum -= s.right ? Math.log(p) : Math.log(1 - p);
  }
  return sum / samples.length;
}

/** Gaussian elimination with partial pivoting (the Hessian is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / pivot;
      if (f) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (m[i]![i]! || 1e-12));
}
