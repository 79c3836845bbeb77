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

/** A set of patterns, indexed by the possible first words, matched anywhere in a word list. */
export class PatternSet<T> {
  private readonly byFirst = new Map<string, Pattern<T>[]>();
  count = 0;

  add(p: Pattern<T>) {
    const first = p.parts[0] as Extract<Part, { kind: 'words' }>;
    for (const alt of first.alts) {
      const list = this.byFirst.get(alt[0]!) ?? [];
      list.push(p);
      this.byFirst.set(alt[0]!, list);
    }
    this.count++;
  }

  /** Removes the patterns `drop` says to; returns how many went. */
  remove(drop: (p: Pattern<T>) => boolean): number {
    const gone = new Set<Pattern<T>>();
    for (const [first, list] of this.byFirst) {
      const keep = list.filter((p) => {
        if (!drop(p)) return true;
        gone.add(p);
        return false;
      });
      if (keep.length) this.byFirst.set(first, keep);
      else this.byFirst.delete(first);
    }
    this.count -= gone.size;
    return gone.size;
  }

  /** Every match (one per pattern and start), left to right. */
  matchAll(words: string[]): PatternMatch<T>[] {
    const out: PatternMatch<T>[] = [];
    for (let i = 0; i < words.length; i++) {
      const list = this.byFirst.get(words[i]!);
      if (!list) continue;
      for (const p of list) {
        const end = matchAt(p.parts, 0, words, i);
        if (end >= 0) out.push({ value: p.value, pattern: p, start: i, end, size: p.size });
      }
    }
    return out;
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
