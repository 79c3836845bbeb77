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
import { dataFiles } from './situations';

/** What an example says a right answer is: procedure codes, or an intent that is not a procedure. */
export interface ExampleLabel {
  codes: string[];
  intent?: Intent;
}

export interface Example extends ExampleLabel {
  text: string;
  /** The file (without .txt) it came from. */
  source: string;
}

export interface ExampleProblem {
  file: string;
  line: number;
  reason: string;
}

/** The intents an example may carry ("#feedback | …"); a procedure or fee question carries codes. */
export const EXAMPLE_INTENTS: readonly Intent[] = ['feedback', 'human', 'dossier_status', 'subscribe', 'unsubscribe', 'greeting', 'referral', 'unknown'];

const CODE = /^\d\.\d{6}$/;

/**
 * One file: lines "1.001193 | vợ em mới sinh bé, làm giấy khai sinh ở đâu", "1.014028, 1.001731 | …"
 * or "#feedback | cán bộ hẹn đi hẹn lại…"; "# " starts a comment.
 */
export function parseExamples(textOf: string, source: string): { examples: Example[]; problems: ExampleProblem[] } {
  const examples: Example[] = [];
  const problems: ExampleProblem[] = [];
  textOf.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('# ') || line === '#') return;
    const bar = line.indexOf('|');
    const label = bar < 0 ? '' : line.slice(0, bar).trim();
    const text = bar < 0 ? '' : line.slice(bar + 1).trim();
    const problem = (reason: string) => problems.push({ file: `${source}.txt`, line: i + 1, reason });
    if (!label || !text) return problem('expected "LABEL | text"');
    if (label.startsWith('#')) {
      const intent = label.slice(1).trim() as Intent;
      if (!EXAMPLE_INTENTS.includes(intent)) return problem(`unknown intent ${label}`);
      examples.push({ text, source, codes: [], intent });
      return;
    }
    const codes = label.split(',').map((c) => c.trim());
    if (!codes.every((c) => CODE.test(c))) return problem(`not a procedure code: ${label}`);
    examples.push({ text, source, codes });
  });
  return { examples, problems };
}

/** Every file of the folder. */
export function loadExamples(dir: string): { examples: Example[]; problems: ExampleProblem[] } {
  const examples: Example[] = [];
  const problems: ExampleProblem[] = [];
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
}

/** How many nearest examples vote: the labelled sets hold 1–10 examples of a procedure per source. */
export const NEIGHBOURS = 7;

export class ExampleIndex {
  private readonly vectors: { example: Example; norm: number }[] = [];
  private readonly postings = new Map<string, { i: number; w: number }[]>();
  private readonly idf = new Map<string, number>();

  constructor(readonly examples: readonly Example[]) {
    const feats = examples.map((e) => featuresOf(exampleWords(e.text)));
    const df = new Map<string, number>();
    for (const f of feats) for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    const n = examples.length;
    for (const [k, d] of df) this.idf.set(k, Math.log(n / (1 + d)));
    feats.forEach((f, i) => {
      const v = this.weigh(f);
      this.vectors.push({ example: examples[i]!, norm: 1 });
      for (const [k, w] of v) {
        let list = this.postings.get(k);
        if (!list) this.postings.set(k, (list = []));
        list.push({ i, w });
      }
    });
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

  /** The vote of the NEIGHBOURS examples nearest to these folded words. */
  vote(words: readonly string[], k = NEIGHBOURS): ExampleVote {
    const q = this.weigh(featuresOf(words));
    const scores = new Map<number, number>();
    for (const [t, w] of q) {
      const list = this.postings.get(t);
      if (!list) continue;
      for (const p of list) scores.set(p.i, (scores.get(p.i) ?? 0) + w * p.w);
    }
    const top = [...scores].sort((a, b) => b[1] - a[1]).slice(0, k);
    const codes = new Map<string, number>();
    const intents = new Map<Intent, number>();
    const total = top.reduce((s, [, w]) => s + w, 0) || 1;
    for (const [i, w] of top) {
      const e = this.vectors[i]!.example;
      const share = w / total;
      for (const c of e.codes) codes.set(c, (codes.get(c) ?? 0) + share);
      const intent = e.intent ?? 'procedure';
      intents.set(intent, (intents.get(intent) ?? 0) + share);
    }
    return { best: top[0]?.[1] ?? 0, codes, intents };
  }
}

/** The code with the largest share, and its share. */
export function leading<K>(m: Map<K, number>): [K, number] | undefined {
  let best: [K, number] | undefined;
  for (const e of m) if (!best || e[1] > best[1]) best = e;
  return best;
}
