// Word patterns of the staff-editable data files (data/situations, data/referrals): words in order,
// "…" (or "...") lets up to MAX_GAP other words sit between two parts, and "$name" stands for any
// word or phrase of a word class defined as `$name = a | b | c`. Matching is on folded words
// (no diacritics), so one pattern covers messages typed with or without marks.
import { fold, wordsOf } from './normalize';

/** Words a "…" may skip: a few, so the parts stay in one clause ("ba … mất", not a whole story). */
export const MAX_GAP = 3;

type Part = { kind: 'words'; alts: string[][] } | { kind: 'gap' };

export interface Pattern<T> {
  parts: Part[];
  value: T;
  /** Words of the pattern (for strength: longer patterns are more specific). */
  size: number;
}

export interface PatternMatch<T> {
  value: T;
  /** The pattern that matched (to tell which line of a data file said it). */
  pattern: Pattern<T>;
  start: number;
  end: number;
  size: number;
}

/** Parses `$name = a | b` lines into a class table (names folded, without "$"). */
export function parseClassLine(line: string, classes: Map<string, string[][]>): boolean {
  const m = /^\$([\p{L}\p{N}_]+)\s*=\s*(.+)$/u.exec(line.trim());
  if (!m) return false;
  const name = fold(m[1]!);
  const alts = m[2]!.split('|').map((a) => wordsOf(fold(a))).filter((w) => w.length);
  classes.set(name, [...(classes.get(name) ?? []), ...alts]);
  return true;
}

/** One pattern ("$người_thân … mất") into parts; null when it names an unknown class. */
export function parsePattern<T>(text: string, value: T, classes: Map<string, string[][]>): Pattern<T> | null {
  const parts: Part[] = [];
  let size = 0;
  const tokens = text.replace(/…|\.\.\./g, ' \u2026 ').trim().split(/\s+/).filter(Boolean);
  let run: string[] = [];
  const flush = () => {
    if (!run.length) return;
    const words = wordsOf(fold(run.join(' ')));
    if (words.length) {
      parts.push({ kind: 'words', alts: [words] });
      size += words.length;
    }
    run = [];
  };
  for (const tok of tokens) {
    if (tok === '\u2026') {
      flush();
      if (parts.length && parts.at(-1)!.kind !== 'gap') parts.push({ kind: 'gap' });
    } else if (tok.startsWith('$')) {
      flush();
      const alts = classes.get(fold(tok.slice(1)));
      if (!alts) return null;
      parts.push({ kind: 'words', alts });
      size += 1;
    } else run.push(tok);
  }
  flush();
  while (parts.at(-1)?.kind === 'gap') parts.pop();
  while (parts[0]?.kind === 'gap') parts.shift();
  if (!parts.length) return null;
  return { parts, value, size };
}

interface Entry<T> {
  p: Pattern<T>;
  /** Order of addition: matches come out as if every pattern were tried at every word, in this order. */
  id: number;
  /** Possible first words of the pattern. */
  first: string[];
  /** Words every match contains (the words of parts with a single alternative). */
  literal: string[];
}

/**
 * A set of patterns matched anywhere in a word list. Most messages contain none of a pattern's
 * rarest word, so each pattern is indexed by that word (the literal word fewest patterns of the set
 * use) and tried only when the message has it; a pattern made of word classes only is indexed by its
 * possible first words. Matching then costs about the patterns a message can match, not all of them.
 */
export class PatternSet<T> {
  private entries: Entry<T>[] = [];
  private byKey: Map<string, Entry<T>[]> | undefined;
  private byFirst: Map<string, Entry<T>[]> | undefined;
  count = 0;

  add(p: Pattern<T>) {
    const first = p.parts[0] as Extract<Part, { kind: 'words' }>;
    const literal = p.parts.flatMap((part) => (part.kind === 'words' && part.alts.length === 1 ? part.alts[0]! : []));
    this.entries.push({ p, id: this.entries.length, first: [...new Set(first.alts.map((a) => a[0]!))], literal: [...new Set(literal)] });
    this.byKey = undefined;
    this.count++;
  }

  /** Removes the patterns `drop` says to; returns how many went. */
  remove(drop: (p: Pattern<T>) => boolean): number {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => !drop(e.p));
    this.byKey = undefined;
    const gone = before - this.entries.length;
    this.count -= gone;
    return gone;
  }

  /** Builds the indexes (after the set changed). */
  private index(): [Map<string, Entry<T>[]>, Map<string, Entry<T>[]>] {
    if (this.byKey && this.byFirst) return [this.byKey, this.byFirst];
    const uses = new Map<string, number>();
    for (const e of this.entries) for (const w of e.literal) uses.set(w, (uses.get(w) ?? 0) + 1);
    const byKey = new Map<string, Entry<T>[]>();
    const byFirst = new Map<string, Entry<T>[]>();
    const push = (m: Map<string, Entry<T>[]>, k: string, e: Entry<T>) => {
      const list = m.get(k);
      if (list) list.push(e);
      else m.set(k, [e]);
    };
    for (const e of this.entries) {
      // The rarest literal word: used by the fewest patterns, the longer of two.
      let key: string | undefined;
      for (const w of e.literal) {
        if (key === undefined || uses.get(w)! < uses.get(key)! || (uses.get(w) === uses.get(key) && w.length > key.length)) key = w;
      }
      if (key !== undefined) push(byKey, key, e);
      else for (const f of e.first) push(byFirst, f, e);
    }
    this.byKey = byKey;
    this.byFirst = byFirst;
    return [byKey, byFirst];
  }

  /** Every match (one per pattern and start), left to right. */
  matchAll(words: string[]): PatternMatch<T>[] {
    const [byKey, byFirst] = this.index();
    const positions = new Map<string, number[]>();
    for (let i = 0; i < words.length; i++) {
      const list = positions.get(words[i]!);
      if (list) list.push(i);
      else positions.set(words[i]!, [i]);
    }
    const found: { m: PatternMatch<T>; id: number }[] = [];
    const tried = new Set<Entry<T>>();
    const attempt = (e: Entry<T>) => {
      if (tried.has(e)) return;
      tried.add(e);
      for (const f of e.first) {
        for (const i of positions.get(f) ?? []) {
          const end = matchAt(e.p.parts, 0, words, i);
          if (end >= 0) found.push({ m: { value: e.p.value, pattern: e.p, start: i, end, size: e.p.size }, id: e.id });
        }
      }
    };
    for (const w of positions.keys()) {
      for (const e of byKey.get(w) ?? []) attempt(e);
      for (const e of byFirst.get(w) ?? []) attempt(e);
    }
    return found.sort((x, y) => x.m.start - y.m.start || x.id - y.id).map((x) => x.m);
  }
}

/** End index (exclusive) of the parts matched from word i, or -1. */
function matchAt(parts: Part[], k: number, words: string[], i: number): number {
  if (k === parts.length) return i;
  const part = parts[k]!;
  if (part.kind === 'gap') {
    for (let skip = 0; skip <= MAX_GAP && i + skip <= words.length; skip++) {
      const end = matchAt(parts, k + 1, words, i + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  for (const alt of part.alts) {
    if (alt.every((w, j) => words[i + j] === w)) {
      const end = matchAt(parts, k + 1, words, i + alt.length);
      if (end >= 0) return end;
    }
  }
  return -1;
}
