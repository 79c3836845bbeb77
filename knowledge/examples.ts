// Example messages (data/examples/*.txt, staff-editable): questions citizens wrote, each labelled with
// the procedure(s) or the intent a right answer has. The nearest examples to a message vote, weighted
// by their similarity (TF-IDF cosine over folded words and word pairs): a second opinion, learned from
// how many people phrase a matter, beside the catalog search and the hand-written rules.
// Why: rules written from misses do not carry over to a new author's wording (docs/measurements.md,
// fresh7-fresh10), while the same life event is told with overlapping words by different people.
// Each file is one source (one set of examples); `bench:qa` scores a set without the file of the
// same name, so every figure it prints for a set is from the other sources' examples.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Intent } from '../core/types';
import { fold, wordsOf } from './normalize';
import { dataFiles, type ParseProblem } from './situations';

/** What an example says a right answer is: procedure codes, or an intent that is not a procedure. */
export interface ExampleLabel {
  codes: string[];
  intent?: Intent;
  /** For a referral, the entry of the referral table (data/referrals) that answers it: "#referral:can_cuoc". */
  referral?: string;
}

export interface Example extends ExampleLabel {
  text: string;
  /** The file (without .txt) it came from. */
  source: string;
}

/** The intents an example may carry ("#feedback | …"); a procedure or fee question carries codes. */
export const EXAMPLE_INTENTS: readonly Intent[] = ['feedback', 'human', 'dossier_status', 'subscribe', 'unsubscribe', 'greeting', 'referral', 'unknown'];

const CODE = /^\d\.\d{6}$/;

/** A referral table entry's id, as written after "#referral:". */
const REFERRAL_ID = /^[a-z0-9_]+$/;

/**
 * One file: lines "1.001193 | vợ em mới sinh bé, làm giấy khai sinh ở đâu", "1.014028, 1.001731 | …",
 * "#feedback | cán bộ hẹn đi hẹn lại…" or "#referral:can_cuoc | mất căn cước làm lại ở đâu" (the
 * referral table's entry, when known); "# " starts a comment.
 */
export function parseExamples(textOf: string, source: string): { examples: Example[]; problems: ParseProblem[] } {
  const examples: Example[] = [];
  const problems: ParseProblem[] = [];
  textOf.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('# ') || line === '#') return;
    const bar = line.indexOf('|');
    const label = bar < 0 ? '' : line.slice(0, bar).trim();
    const text = bar < 0 ? '' : line.slice(bar + 1).trim();
    const problem = (reason: string) => problems.push({ file: `${source}.txt`, line: i + 1, reason });
    if (!label || !text) return problem('expected "LABEL | text"');
    if (label.startsWith('#')) {
      const [name = '', referral] = label.slice(1).split(':').map((x) => x.trim());
      const intent = name as Intent;
      if (!EXAMPLE_INTENTS.includes(intent)) return problem(`unknown intent ${label}`);
      if (referral !== undefined && (intent !== 'referral' || !REFERRAL_ID.test(referral))) return problem(`not a referral entry: ${label}`);
      examples.push({ text, source, codes: [], intent, ...(referral ? { referral } : {}) });
      return;
    }
    const codes = label.split(',').map((c) => c.trim());
    if (!codes.every((c) => CODE.test(c))) return problem(`not a procedure code: ${label}`);
    examples.push({ text, source, codes });
  });
  return { examples, problems };
}

/** The label as written in a file: "1.001193", "1.014028, 1.001731", "#feedback", "#referral:can_cuoc". */
export function labelOf(e: ExampleLabel): string {
  if (!e.intent) return e.codes.join(', ');
  return e.referral ? `#${e.intent}:${e.referral}` : `#${e.intent}`;
}

/** Every file of the folder. */
export function loadExamples(dir: string): { examples: Example[]; problems: ParseProblem[] } {
  const examples: Example[] = [];
  const problems: ParseProblem[] = [];
  for (const f of dataFiles(dir)) {
    const r = parseExamples(readFileSync(f, 'utf8'), path.basename(f, '.txt'));
    examples.push(...r.examples);
    problems.push(...r.problems);
  }
  return { examples, problems };
}

/** The folded words of a text, and its word pairs ("khai_sinh"): the features examples are compared on. */
export function featuresOf(words: readonly string[]): Map<string, number> {
  const f = new Map<string, number>();
  const add = (k: string) => f.set(k, (f.get(k) ?? 0) + 1);
  for (let i = 0; i < words.length; i++) {
    add(words[i]!);
    if (i + 1 < words.length) add(`${words[i]}_${words[i + 1]}`);
  }
  return f;
}

export function exampleWords(text: string): string[] {
  return wordsOf(fold(text));
}

/** The vote of the nearest examples. */
export interface ExampleVote {
  /** Similarity (cosine, 0–1) of the nearest example. */
  best: number;
  /** Share of the vote per procedure code (an example with two codes gives each its weight). */
  codes: Map<string, number>;
  /** Share of the vote per intent, procedure and fee questions counted as 'procedure'. */
  intents: Map<Intent, number>;
  /** Share of the vote per referral table entry (referral examples that name theirs). */
  referrals: Map<string, number>;
  /** The examples that voted, nearest first, with their similarity (shown by `npm run ask`). */
  nearest: { example: Example; similarity: number }[];
}

/**
 * How many nearest examples vote, and how their similarity weighs (its power). Chosen leave-one-set-out
 * on the tuning sets among k 3–15 and powers 1–6: k 10 with the fourth power scored 0.8 point higher
 * there, but let one near example overturn readings the knowledge tests hold (a child born abroad whose
 * family came home; "cấp lại sổ hưu"): the nearest alone is too often a near miss of another matter.
 */
export const NEIGHBOURS = 7;
export const SIMILARITY_POWER = 1;

export class ExampleIndex {
  // Per feature, the examples that have it and its weight in each (unit-length TF-IDF vectors).
  private readonly postings = new Map<string, { ids: Int32Array; weights: Float32Array }>();
  private readonly idf = new Map<string, number>();
  // Scratch space of vote(): one score per example, and the examples touched (a vote is synchronous).
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  private built = false;

  // Built on first use (or by warm()), not with the pipeline: reading ~4,000 examples takes a few
  // hundred milliseconds that a restart should not wait for (issue 17: restart ≤ 2 s).
  constructor(readonly examples: readonly Example[]) {
    this.scores = new Float64Array(examples.length);
    this.touched = new Int32Array(examples.length);
  }

  /** Builds the index now (store.ts calls it right after a start, off the request path). */
  warm(): void {
    if (this.built) return;
    this.built = true;
    const feats = this.examples.map((e) => featuresOf(exampleWords(e.text)));
    const df = new Map<string, number>();
    for (const f of feats) for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    const n = this.examples.length;
    for (const [k, d] of df) this.idf.set(k, Math.log(n / (1 + d)));
    const lists = new Map<string, { ids: number[]; weights: number[] }>();
    feats.forEach((f, i) => {
      for (const [k, w] of this.weigh(f)) {
        let list = lists.get(k);
        if (!list) lists.set(k, (list = { ids: [], weights: [] }));
        list.ids.push(i);
        list.weights.push(w);
      }
    });
    for (const [k, l] of lists) this.postings.set(k, { ids: Int32Array.from(l.ids), weights: Float32Array.from(l.weights) });
  }

  get size(): number {
    return this.examples.length;
  }

  /** The same examples without one source (bench:qa scores a set with the others' examples only). */
  without(source: string): ExampleIndex {
    return new ExampleIndex(this.examples.filter((e) => e.source !== source));
  }

  /** Log-scaled term frequency times IDF, unit length; terms no example has are dropped. */
  private weigh(f: Map<string, number>): Map<string, number> {
    const v = new Map<string, number>();
    let sq = 0;
    for (const [k, c] of f) {
      const idf = this.idf.get(k);
      if (idf === undefined || idf <= 0) continue;
      const w = (1 + Math.log(c)) * idf;
      v.set(k, w);
      sq += w * w;
    }
    const norm = Math.sqrt(sq) || 1;
    for (const [k, w] of v) v.set(k, w / norm);
    return v;
  }

  /** The vote of the NEIGHBOURS examples nearest to these folded words, weighted by similarity^SIMILARITY_POWER. */
  vote(words: readonly string[], k = NEIGHBOURS): ExampleVote {
    this.warm();
    const q = this.weigh(featuresOf(words));
    const { scores, touched } = this;
    let nTouched = 0;
    for (const [t, w] of q) {
      const list = this.postings.get(t);
      if (!list) continue;
      const { ids, weights } = list;
      for (let j = 0; j < ids.length; j++) {
        const i = ids[j]!;
        if (scores[i] === 0) touched[nTouched++] = i;
        scores[i]! += w * weights[j]!;
      }
    }
    // The k best, by insertion into a short sorted list (k is small); the scratch scores reset.
    const top: [number, number][] = [];
    for (let j = 0; j < nTouched; j++) {
      const i = touched[j]!;
      const s = scores[i]!;
      scores[i] = 0;
      if (top.length === k && s <= top[k - 1]![1]) continue;
      let at = top.length;
      while (at > 0 && top[at - 1]![1] < s) at--;
      top.splice(at, 0, [i, s]);
      if (top.length > k) top.pop();
    }
    const codes = new Map<string, number>();
    const intents = new Map<Intent, number>();
    const referrals = new Map<string, number>();
    const weight = (similarity: number) => similarity ** SIMILARITY_POWER;
    const total = top.reduce((s, [, w]) => s + weight(w), 0) || 1;
    for (const [i, w] of top) {
      const e = this.examples[i]!;
      const share = weight(w) / total;
      for (const c of e.codes) codes.set(c, (codes.get(c) ?? 0) + share);
      const intent = e.intent ?? 'procedure';
      intents.set(intent, (intents.get(intent) ?? 0) + share);
      if (e.referral) referrals.set(e.referral, (referrals.get(e.referral) ?? 0) + share);
    }
    return { best: top[0]?.[1] ?? 0, codes, intents, referrals, nearest: top.map(([i, similarity]) => ({ example: this.examples[i]!, similarity })) };
  }
}

/** The code with the largest share, and its share. */
export function leading<K>(m: Map<K, number>): [K, number] | undefined {
  let best: [K, number] | undefined;
  for (const e of m) if (!best || e[1] > best[1]) best = e;
  return best;
}
