// Word patterns of the staff-editable data files (data/situations, data/referrals): words in order,
// "…" (or "...") lets up to MAX_GAP other words sit between two parts, and "$name" stands for any
// word or phrase of a word class defined as `$name = a | b | c`. Matching is on folded words
// (no diacritics), so one pattern covers messages typed with or without marks; but a word written
// with marks on both sides must be the same word ("bỏ chồng" is not "bố chồng", "tặng" is not
// "tầng", "nối máy" is not "nói mấy"): folding alone made such pairs match.
import { canonicalTones, fold, normalizeText, wordsOf } from './normalize';

/** Words a "…" may skip: a few, so the parts stay in one clause ("ba … mất", not a whole story). */
export const MAX_GAP = 3;

/**
 * Words that deny what follows them ("chưa đủ 18 tuổi", "không muốn mở tiệm", "hổng có ai mất"), folded;
 * "hổng"/"hông" are rewritten to "không" before the rewritten words are matched.
 */
const NEGATION = new Set(['khong', 'ko', 'k', 'kg', 'kh', 'hok', 'hem', 'chua', 'chang']);
/**
 * Negations only when written with their marks: unmarked, they are other words as often ("cha", and
 * "hong", which is "hỏng" in stories of damaged papers).
 */
const NEGATION_MARKED = new Set(['chả', 'chẳng', 'hổng', 'hông']);
/** Not negations with these marks ("hỏng" is broken, not "hổng"). */
const NOT_NEGATION = new Set(['hỏng', 'hồng', 'hóng']);
/** Words between a negation and what it denies ("không có", "chưa từng", "không muốn", "chưa được"). */
const NEGATION_LINK = new Set(['co', 'duoc', 'dc', 'phai', 'tung', 'he', 'muon', 'dinh', 'tinh', 'can']);
/**
 * Words after which a negation ends a question ("được không", "phải không", "xong chưa"): typed
 * without punctuation, what follows is another sentence ("được không mẹ em mới mất").
 */
const QUESTION_BEFORE = new Set(['duoc', 'dc', 'phai', 'xong', 'roi', 'co']);

/** An alternative: folded words, and each word as written when it has marks (null: written without). */
interface Alt {
  words: string[];
  marks: (string | null)[];
}

/** `byFirst`: a large part's alternatives by first word (filled on first use, shared by a class's parts). */
type Part = { kind: 'words'; alts: Alt[]; byFirst?: Map<string, Alt[]> } | { kind: 'gap' };

/** The word classes of the data files (`$name = a | b`), by folded name. */
export type WordClasses = Map<string, Alt[]>;

/** A word written with diacritics or đ (NFC, lower case, canonical tones), else null. */
export function marked(word: string): string | null {
  return /[^ -~]/.test(word) ? word : null;
}

/** Folded words and their marked forms of a phrase written in a data file. */
export function altOf(text: string): Alt {
  const words = wordsOf(fold(text));
  const written = wordsOf(canonicalTones(normalizeText(text)));
  // Aligned one to one (folding keeps word boundaries); otherwise matched folded only.
  const marks = written.length === words.length ? written.map(marked) : words.map(() => null);
  return { words, marks };
}

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
export function parseClassLine(line: string, classes: WordClasses): boolean {
  const m = /^\$([\p{L}\p{N}_]+)\s*=\s*(.+)$/u.exec(line.trim());
  if (!m) return false;
  const name = fold(m[1]!);
  const alts = m[2]!.split('|').map(altOf).filter((a) => a.words.length);
  classes.set(name, [...(classes.get(name) ?? []), ...alts]);
  return true;
}

/** One pattern ("$người_thân … mất") into parts; null when it names an unknown class. */
export function parsePattern<T>(text: string, value: T, classes: WordClasses): Pattern<T> | null {
  const parts: Part[] = [];
  let size = 0;
  const tokens = text.replace(/…|\.\.\./g, ' \u2026 ').trim().split(/\s+/).filter(Boolean);
  let run: string[] = [];
  const flush = () => {
    if (!run.length) return;
    const alt = altOf(run.join(' '));
    if (alt.words.length) {
      parts.push({ kind: 'words', alts: [alt] });
      size += alt.words.length;
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
  /** The last `matchAll` call that tried it. */
  tried: number;
  /** The alternatives of its first part (a word class's list is shared by the patterns starting with it). */
  firstAlts: Alt[];
  firstSet: Set<string>;
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
  private calls = 0;
  count = 0;

  add(p: Pattern<T>) {
    const first = p.parts[0] as Extract<Part, { kind: 'words' }>;
    const literal = p.parts.flatMap((part) => (part.kind === 'words' && part.alts.length === 1 ? part.alts[0]!.words : []));
    const firstSet = new Set(first.alts.map((a) => a.words[0]!));
    this.entries.push({ p, id: this.entries.length, first: [...firstSet], literal: [...new Set(literal)], tried: 0, firstAlts: first.alts, firstSet });
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

  /**
   * Every match (one per pattern and start), left to right, in folded words; `marks` (the same words
   * as written, one to one, null where written without marks) keeps apart words that only fold alike.
   * `negatable`: the patterns that do not hold where a negation denies them (just before the match,
   * or ending a "…" gap just before a part: "chưa đủ 18", "ba em không mất").
   */
  matchAll(words: string[], marks?: (string | null)[], negatable?: (value: T) => boolean): PatternMatch<T>[] {
    const [byKey, byFirst] = this.index();
    const text: Text = { words, marks: marks && marks.length === words.length ? marks : undefined };
    const positions = new Map<string, number[]>();
    for (let i = 0; i < words.length; i++) {
      const list = positions.get(words[i]!);
      if (list) list.push(i);
      else positions.set(words[i]!, [i]);
    }
    const found: { m: PatternMatch<T>; id: number }[] = [];
    // Each pattern once per call, though several of its words are in the message.
    const call = ++this.calls;
    const starts = new Map<Alt[], number[]>();
    for (const w of positions.keys()) {
      for (const list of [byKey.get(w), byFirst.get(w)]) {
        if (!list) continue;
        for (const e of list) {
          if (e.tried === call) continue;
          e.tried = call;
          // Every match says all its literal words: one missing, and no start can match.
          if (!allIn(e.literal, positions)) continue;
          // Where it may start: a word of its first part (found once per call for a class's many words).
          let at: number[] | undefined;
          if (e.first.length === 1) at = positions.get(e.first[0]!);
          else {
            at = starts.get(e.firstAlts);
            if (!at) {
              at = [];
              for (let i = 0; i < words.length; i++) if (e.firstSet.has(words[i]!)) at.push(i);
              starts.set(e.firstAlts, at);
            }
          }
          if (!at) continue;
          const deny = negatable?.(e.p.value) ? text : undefined;
          for (const i of at) {
            if (deny && deniedBefore(text, i, 0)) continue;
            const end = matchAt(e.p.parts, 0, text, i, deny);
            if (end >= 0) found.push({ m: { value: e.p.value, pattern: e.p, start: i, end, size: e.p.size }, id: e.id });
          }
        }
      }
    }
    return found.sort((x, y) => x.m.start - y.m.start || x.id - y.id).map((x) => x.m);
  }
}

function allIn(words: string[], positions: Map<string, number[]>): boolean {
  for (const w of words) if (!positions.has(w)) return false;
  return true;
}

interface Text {
  words: string[];
  marks?: (string | null)[];
}

/** Is word i a negation, as written (not the end of a question)? */
function isNegation(text: Text, i: number): boolean {
  const w = text.words[i];
  if (w === undefined) return false;
  const m = text.marks?.[i];
  if (m && NOT_NEGATION.has(m)) return false;
  if (QUESTION_BEFORE.has(text.words[i - 1] ?? '')) return false;
  return NEGATION.has(w) || (m !== undefined && m !== null && NEGATION_MARKED.has(m));
}

/** Is what starts at word i denied by the words just before it, none of them before `from`? */
function deniedBefore(text: Text, i: number, from: number): boolean {
  if (i - 1 < from) return false;
  if (isNegation(text, i - 1)) return true;
  // "không có", "chưa từng": a negation one link word before; "chưa bao giờ": two.
  if (i - 2 >= from && NEGATION_LINK.has(text.words[i - 1]!) && isNegation(text, i - 2)) return true;
  return i - 3 >= from && text.words[i - 2] === 'bao' && text.words[i - 1] === 'gio' && isNegation(text, i - 3);
}

/** Does word i of the text say the alternative's word j (folded alike, and alike as written when both have marks)? */
function sameWord(alt: Alt, j: number, text: Text, i: number): boolean {
  if (text.words[i] !== alt.words[j]) return false;
  const a = alt.marks[j];
  const b = text.marks?.[i];
  return !a || !b || a === b;
}

/**
 * End index (exclusive) of the parts matched from word i, or -1. With `deny`, a gap may not end on a
 * negation of the part after it ("ba em không mất" is no "ba … mất").
 */
function matchAt(parts: Part[], k: number, text: Text, i: number, deny?: Text): number {
  if (k === parts.length) return i;
  const part = parts[k]!;
  if (part.kind === 'gap') {
    for (let skip = 0; skip <= MAX_GAP && i + skip <= text.words.length; skip++) {
      if (deny && skip > 0 && deniedBefore(text, i + skip, i)) continue;
      const end = matchAt(parts, k + 1, text, i + skip, deny);
      if (end >= 0) return end;
    }
    return -1;
  }
  const word = text.words[i];
  if (word === undefined) return -1;
  const alts = part.alts.length < ALTS_BY_FIRST_MIN ? part.alts : ((part.byFirst ??= altsByFirstWord(part.alts)).get(word) ?? NO_ALTS);
  for (const alt of alts) {
    if (saysAlt(alt, text, i)) {
      const end = matchAt(parts, k + 1, text, i + alt.words.length, deny);
      if (end >= 0) return end;
    }
  }
  return -1;
}

/** Does the text say every word of the alternative from word i? */
function saysAlt(alt: Alt, text: Text, i: number): boolean {
  for (let j = 0; j < alt.words.length; j++) if (!sameWord(alt, j, text, i + j)) return false;
  return true;
}

/** A part with more alternatives than this (a word class) is looked up by its first word. */
const ALTS_BY_FIRST_MIN = 4;
/** The alternatives of each large part (a class's list is shared by its patterns) by first word, in order. */
const altsByFirst = new WeakMap<Alt[], Map<string, Alt[]>>();
const NO_ALTS: Alt[] = [];

/**
 * The alternatives by first word, in their order: at a word, only those starting with it may match
 * (the first alternative that matches decides, as when every one is tried).
 */
function altsByFirstWord(alts: Alt[]): Map<string, Alt[]> {
  let byFirst = altsByFirst.get(alts);
  if (!byFirst) {
    byFirst = new Map();
    for (const alt of alts) {
      const list = byFirst.get(alt.words[0]!);
      if (list) list.push(alt);
      else byFirst.set(alt.words[0]!, [alt]);
    }
    altsByFirst.set(alts, byFirst);
  }
  return byFirst;
}
