// Scoring question sets (JSON lines: id, style, text, intent, codes, optional context) against the
// understanding, with a baseline (Fuse.js over procedure names, no normalisation). Used by
// bench/qa.ts and the tests. The scoring rules live here, in one place:
// - top-1: the intent is right and, for procedure/fee items, the outcome is an answer whose first
//   procedure is one of `codes`; a referral item must get a referral (any office counts);
// - answered-or-offered: the right procedure is answered or among the offered choices;
// - out of scope (referral + unknown items): how many got a procedure answer;
// - a topic_change item runs its `context` messages through the same conversation memory first.
import { readFileSync, existsSync } from 'node:fs';
import Fuse from 'fuse.js';
import type { Intent } from '../core/types';
import type { ProcedureIndex } from './search';
import { analyzeWith, memoryAfter, type DetailedAnalysis } from './understand';
import type { Evidence } from './confidence';

export interface QaItem {
  id?: string;
  text: string;
  intent: Intent;
  codes: string[];
  style: string;
  /** Earlier user messages of the same conversation (topic changes). */
  context?: string[];
  note?: string;
}

export function readQaFile(file: string): QaItem[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => normaliseItem(JSON.parse(l) as RawQaItem));
}

/** Set authors write `context` as one earlier message or a list of them; iterating a bare string
 * would replay it one character at a time (fresh3 was first scored that way). */
export type RawQaItem = Omit<QaItem, 'context'> & { context?: string | string[] };

export function normaliseItem(item: RawQaItem): QaItem {
  const { context } = item;
  if (context === undefined) return { ...item, context: undefined };
  return { ...item, context: typeof context === 'string' ? [context] : context };
}

/** Stable half split by id, for checking generalisation while developing. */
export function split(items: QaItem[], part: 'a' | 'b' | 'all'): QaItem[] {
  if (part === 'all') return items;
  return items.filter((it, i) => {
    let h = 0;
    for (const ch of it.id ?? String(i)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return (h % 2 === 0) === (part === 'a');
  });
}

export type OutcomeKind = 'answer' | 'choices' | 'unclear' | 'referral' | 'other';
export const OUTCOME_KINDS: OutcomeKind[] = ['answer', 'choices', 'unclear', 'referral', 'other'];

export interface Tally {
  n: number;
  intentOk: number;
  /** Items scored on top-1 (all items). */
  top1: number;
  /** Procedure/fee items. */
  withCodes: number;
  /** The right procedure answered or among the offered choices. */
  offered: number;
  /** The right procedure among the first three candidates (answered or not). */
  top3: number;
}

/** Confidence bands of the calibration table (lower bounds). */
export const CONFIDENCE_BANDS = [0, 0.3, 0.5, 0.7, 0.85, 0.95];
/** A wrong answer given at or above this confidence is "confidently wrong" (issue 12's worst case). */
export const CONFIDENT_WRONG_MIN = 0.8;

export interface QaReport {
  overall: Tally;
  byStyle: Record<string, Tally>;
  outcomes: Record<OutcomeKind, number>;
  /**
   * Messages answered with a procedure that is not a right one (a citizen sent to the wrong office),
   * and how many of them at CONFIDENT_WRONG_MIN or above.
   */
  answeredWrong: { n: number; confident: number };
  /** Out-of-scope items (referral + unknown) answered with a procedure. */
  outOfScopeAnswered: number;
  outOfScopeTotal: number;
  /** Referral items given a referral, and the offices named. */
  referralOk: number;
  referralTotal: number;
  offices: Record<string, number>;
  /** Intent recall of complaint (feedback) and ask-a-person (human) items. */
  intentRecall: Record<'feedback' | 'human', { n: number; ok: number }>;
  /**
   * Their precision's other side: items of another intent given a complaint (feedback) or a request for a
   * person (human), out of `n` items that are not of that intent. A complaint cue that reads too much
   * sends a procedure question to the complaint handler: recall alone would not show it.
   */
  falseIntent: Record<'feedback' | 'human', { n: number; wrong: number }>;
  /**
   * Per band: messages that reached the procedure search (understood as a procedure, a fee or
   * nothing: not an intent, a referral or a follow-up) whose best procedure had that confidence, and
   * how many of them were right.
   */
  calibration: { from: number; n: number; right: number }[];
  /** The same messages' evidence and label, to refit the confidence model (bench:qa --fit). */
  samples: { evidence: Evidence; right: boolean }[];
  latencyMs: { p50: number; p99: number; max: number; cpuMean?: number; bestOf3P99?: number; cpuBestOf3P99?: number };
  misses: { id?: string; style: string; text: string; expected: string; got: string }[];
}

const empty = (): Tally => ({ n: 0, intentOk: 0, top1: 0, withCodes: 0, offered: 0, top3: 0 });

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const isProcedureIntent = (i: Intent) => i === 'procedure' || i === 'fee';

/** Runs the context messages, then the item's text, through one conversation memory. */
export function analyzeItem(index: ProcedureIndex, it: QaItem): DetailedAnalysis {
  let memory: Record<string, unknown> = {};
  for (const c of it.context ?? []) memory = memoryAfter(analyzeWith(index, c, memory), memory);
  return analyzeWith(index, it.text, memory);
}

export function outcomeOf(a: DetailedAnalysis): OutcomeKind {
  if (a.intent === 'referral') return 'referral';
  if (a.intent === 'unknown') return 'unclear';
  if (isProcedureIntent(a.intent)) return a.outcome ?? 'answer';
  return 'other';
}

/** Is this analysis right for the item (the top-1 rule above)? */
export function isRight(it: QaItem, a: DetailedAnalysis): boolean {
  if (a.intent !== it.intent) return false;
  if (!isProcedureIntent(it.intent)) return true;
  const first = a.procedures[0]?.code;
  return outcomeOf(a) === 'answer' && first !== undefined && it.codes.includes(first);
}

/** Did the message reach the procedure search, so that its confidence decided the outcome? */
export function reachedSearch(a: DetailedAnalysis): boolean {
  return (isProcedureIntent(a.intent) || a.intent === 'unknown') && a.evidence !== undefined && a.candidates.length > 0;
}

export function evaluate(index: ProcedureIndex, items: QaItem[], opts: { latencyRounds?: number } = {}): QaReport {
  const overall = empty();
  const byStyle: Record<string, Tally> = {};
  const outcomes = Object.fromEntries(OUTCOME_KINDS.map((k) => [k, 0])) as Record<OutcomeKind, number>;
  const calibration = CONFIDENCE_BANDS.map((from) => ({ from, n: 0, right: 0 }));
  const samples: QaReport['samples'] = [];
  const intentRecall = { feedback: { n: 0, ok: 0 }, human: { n: 0, ok: 0 } };
  const falseIntent = { feedback: { n: 0, wrong: 0 }, human: { n: 0, wrong: 0 } };
  const offices: Record<string, number> = {};
  const misses: QaReport['misses'] = [];
  const answeredWrong = { n: 0, confident: 0 };
  let outOfScopeAnswered = 0;
  let outOfScopeTotal = 0;
  let referralOk = 0;
  let referralTotal = 0;
  // Warm-up so the first measured message does not pay for JIT compilation.
  for (const it of items.slice(0, 20)) analyzeItem(index, it);
  for (const it of items) {
    const a = analyzeItem(index, it);
    const codes = a.procedures.map((p) => p.code);
    const outcome = outcomeOf(a);
    outcomes[outcome]++;
    const right = isRight(it, a);
    const s = (byStyle[it.style] ??= empty());
    for (const t of [overall, s]) {
      t.n++;
      if (a.intent === it.intent) t.intentOk++;
      if (right) t.top1++;
      if (isProcedureIntent(it.intent)) {
        t.withCodes++;
        const shown = outcome === 'answer' ? codes.slice(0, 1) : outcome === 'choices' ? codes : [];
        if (isProcedureIntent(a.intent) && shown.some((c) => it.codes.includes(c))) t.offered++;
        if (a.candidates.slice(0, 3).some((c) => it.codes.includes(c.code))) t.top3++;
      }
    }
    // Whatever the item expected (another intent, another office, nothing): a procedure answered that
    // is not one of its codes.
    if (outcome === 'answer' && isProcedureIntent(a.intent) && codes.length && !it.codes.includes(codes[0]!)) {
      answeredWrong.n++;
      if ((a.confidence ?? 0) >= CONFIDENT_WRONG_MIN) answeredWrong.confident++;
    }
    if (it.intent === 'referral' || it.intent === 'unknown') {
      outOfScopeTotal++;
      if (outcome === 'answer') outOfScopeAnswered++;
    }
    if (it.intent === 'referral') {
      referralTotal++;
      if (a.intent === 'referral') referralOk++;
    }
    if (a.referral) offices[a.referral.office.vi] = (offices[a.referral.office.vi] ?? 0) + 1;
    if (it.intent === 'feedback' || it.intent === 'human') {
      intentRecall[it.intent].n++;
      if (a.intent === it.intent) intentRecall[it.intent].ok++;
    }
    for (const k of ['feedback', 'human'] as const) {
      if (it.intent === k) continue;
      falseIntent[k].n++;
      if (a.intent === k) falseIntent[k].wrong++;
    }
    // Calibration: the confidence given to the best procedure against whether it was the right one,
    // over the messages whose outcome it decided (an intent or a referral is decided before it).
    if (reachedSearch(a) && a.confidence !== undefined) {
      let band = 0;
      for (let b = 0; b < CONFIDENCE_BANDS.length; b++) if (a.confidence >= CONFIDENCE_BANDS[b]!) band = b;
      const ok = isProcedureIntent(it.intent) && it.codes.includes(a.candidates[0]!.code);
      calibration[band]!.n++;
      if (ok) calibration[band]!.right++;
      samples.push({ evidence: a.evidence!, right: ok });
    }
    if (!right) {
      const got = a.intent === 'referral' ? `referral ${a.referral?.id ?? ''}` : `${a.intent}${isProcedureIntent(a.intent) ? `/${outcome}` : ''} ${codes.slice(0, 3).join(',')}`;
      misses.push({ id: it.id, style: it.style, text: it.text, expected: `${it.intent} ${it.codes.join(',')}`, got: `${got} (conf ${(a.confidence ?? 0).toFixed(2)})` });
    }
  }
  return {
    overall,
    byStyle,
    outcomes,
    answeredWrong,
    outOfScopeAnswered,
    outOfScopeTotal,
    referralOk,
    referralTotal,
    offices,
    intentRecall,
    falseIntent,
    calibration,
    samples,
    latencyMs: measureLatency(index, items, opts.latencyRounds ?? LATENCY_ROUNDS),
    misses,
  };
}

/** Passes over the set when measuring latency. */
const LATENCY_ROUNDS = 4;

/** Latency of one message (its context already in memory is not counted: one turn, one analysis). */
function measureLatency(index: ProcedureIndex, items: QaItem[], rounds: number): QaReport['latencyMs'] {
  // No rounds: not measured (refitting the confidence model needs only the analyses).
  if (rounds <= 0) return { p50: 0, p99: 0, max: 0, cpuMean: 0, bestOf3P99: 0, cpuBestOf3P99: 0 };
  const memories = items.map((it) => {
    let memory: Record<string, unknown> = {};
    for (const c of it.context ?? []) memory = memoryAfter(analyzeWith(index, c, memory), memory);
    return memory;
  });
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    items.forEach((it, i) => {
      const t0 = performance.now();
      analyzeWith(index, it.text, memories[i]!);
      times.push(performance.now() - t0);
    });
  }
  const cpu = process.cpuUsage(cpu0);
  // Best of three consecutive runs per message: the code's own latency with the machine's
  // scheduling pauses (other processes on a loaded machine) mostly filtered out. On a machine shared
  // by many processes even three runs of a long message are often all paused: its CPU time (this
  // process's, GC threads included), best of the same three runs, is the cost the code itself has.
  const cpuBest: number[] = [];
  const best = items.map((it, i) => {
    let min = Infinity;
    let minCpu = Infinity;
    for (let k = 0; k < 3; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      analyzeWith(index, it.text, memories[i]!);
      min = Math.min(min, performance.now() - t0);
      const c = process.cpuUsage(c0);
      minCpu = Math.min(minCpu, (c.user + c.system) / 1000);
    }
    cpuBest.push(minCpu);
    return min;
  });
  best.sort((x, y) => x - y);
  cpuBest.sort((x, y) => x - y);
  times.sort((x, y) => x - y);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? 0,
    cpuMean: (cpu.user + cpu.system) / 1000 / Math.max(1, items.length * rounds),
    bestOf3P99: percentile(best, 99),
    cpuBestOf3P99: percentile(cpuBest, 99),
  };
}

/** Baseline: Fuse.js over procedure names, raw text, no normalisation; a hit is an answer. */
export function evaluateBaseline(index: ProcedureIndex, items: QaItem[]): { top1: number; n: number; p50: number; p99: number } {
  const fuse = new Fuse([...index.byCode.values()].map((p) => ({ code: p.code, name: p.name })), {
    keys: ['name'],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.6,
  });
  let top1 = 0;
  const times: number[] = [];
  for (const it of items) {
    const t0 = performance.now();
    const codes = fuse.search(it.text, { limit: 5 }).map((r) => r.item.code);
    times.push(performance.now() - t0);
    const intent: Intent = codes.length ? 'procedure' : 'unknown';
    if (intent === it.intent ? it.intent !== 'procedure' || it.codes.includes(codes[0]!) : false) top1++;
  }
  times.sort((x, y) => x - y);
  return { top1, n: items.length, p50: percentile(times, 50), p99: percentile(times, 99) };
}
