// Life situations, euphemisms, regional and colloquial words (data/situations/*.txt, staff-editable):
// patterns that add a concept ("@chết") shared with the catalog's own words, catalog words, or an
// intent ("#feedback") to what a message means. The same rules run over the catalog's phrasings,
// so "về với tổ tiên" in a message and "khai tử" in a procedure name meet on "@chết".
// A line "mất tiền | mất bao lâu => không phải @người_mất" is an exception: where it is said, the
// concepts (or intents) it names are not meant by another line's match over the same words.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Intent } from '../core/types';
import { fold, wordsOf } from './normalize';
import { parseClassLine, parsePattern, PatternSet, type PatternMatch, type WordClasses } from './patterns';

export interface Meaning {
  /** Concept tokens ("@chet"): ASCII, never a word of a message. */
  concepts: string[];
  /** Folded catalog words to add ("khai", "tu"). */
  words: string[];
  intents: Intent[];
  /** An exception: what it cancels in the matches it overlaps (concepts and intents above). */
  except?: boolean;
  /**
   * Background ("nền"): the message's words it covers tell a circumstance, not what is asked ("đã có
   * giấy khai sinh", "khi chưa đăng ký kết hôn"): they are left out of the search (not of the intents).
   */
  background?: boolean;
}

/** The word that makes a line background ("… => nền"). */
const BACKGROUND_WORD = 'nền';

/** The words that open an exception's meaning ("không phải @người_mất"). */
const EXCEPT_PREFIX = /^(không phải|khong phai|not)\s+/iu;

/** Situation patterns whose exceptions cancel what they overlap ("mất tiền" is no death). */
export class SituationSet extends PatternSet<Meaning> {
  override matchAll(words: string[], marks?: (string | null)[]): PatternMatch<Meaning>[] {
    // A situation denied ("chưa đủ 18 tuổi", "không muốn mở quán") is not said; exceptions hold as written.
    const all = super.matchAll(words, marks, (v) => !v.except);
    const except = all.filter((m) => m.value.except);
    if (!except.length) return all;
    const out: PatternMatch<Meaning>[] = [];
    for (const m of all) {
      if (m.value.except) continue;
      const over = except.filter((e) => e.start < m.end && m.start < e.end);
      if (!over.length) {
        out.push(m);
        continue;
      }
      const concepts = m.value.concepts.filter((c) => !over.some((e) => e.value.concepts.includes(c)));
      const intents = m.value.intents.filter((i) => !over.some((e) => e.value.intents.includes(i)));
      // Catalog words of the line go with its concepts: an exception that cancels them all cancels the words.
      const words = concepts.length || !m.value.concepts.length ? m.value.words : [];
      if (concepts.length || intents.length || words.length || m.value.background) {
        out.push({ ...m, value: { concepts, words, intents, background: m.value.background } });
      }
    }
    return out;
  }
}

/**
 * A combination: concepts said anywhere in a message, in one clause or across a story's clauses
 * ("ba tôi là thương binh, mới qua đời"), that together mean more ("@người_có_công + @người_mất").
 */
export interface Combination {
  all: string[];
  value: Meaning;
}

/** "@a + @b" on the left of a line: a combination of concepts, not words. */
const COMBINATION = /^\s*@[\p{L}\p{N}_]+(?:\s*\+\s*@[\p{L}\p{N}_]+)+\s*$/u;

export const INTENT_NAMES: readonly Intent[] = [
  'procedure', 'fee', 'dossier_status', 'feedback', 'subscribe', 'unsubscribe', 'human', 'greeting', 'rating', 'referral', 'unknown',
];

export interface ParseProblem {
  file: string;
  line: number;
  reason: string;
}

export function conceptToken(name: string): string {
  return `@${wordsOf(fold(name)).join('_')}`;
}

/** Parses one situations file into the shared class table and pattern set; returns its problems. */
export function parseSituations(
  text: string,
  file: string,
  classes: WordClasses,
  into: PatternSet<Meaning>,
  synonymLines: string[] = [],
  combinations: Combination[] = [],
): ParseProblem[] {
  const problems: ParseProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#(?![\p{L}_])[^\n]*$/u, '').replace(/^\s*#.*$/, '').trim();
    if (!line) return;
    if (!line.includes('=>')) {
      if (line.startsWith('$')) {
        if (!parseClassLine(line, classes)) problems.push({ file, line: i + 1, reason: 'dòng nhóm từ phải có dạng $tên = từ | từ' });
      } else if (/^[^=]+=[^=]+$/.test(line)) synonymLines.push(line);
      else problems.push({ file, line: i + 1, reason: 'thiếu "=>" giữa cách nói và ý nghĩa' });
      return;
    }
    const [left, rightRaw] = line.split('=>');
    if (!left || rightRaw === undefined) return;
    const meaning: Meaning = { concepts: [], words: [], intents: [] };
    let right = rightRaw.normalize('NFC').trim();
    const head = EXCEPT_PREFIX.exec(right);
    if (head) {
      meaning.except = true;
      right = right.slice(head[0].length);
    }
    for (const part of right.split(',').flatMap((x) => x.trim().split(/\s+(?=[@#])/))) {
      const p = part.trim();
      if (!p) continue;
      if (p === BACKGROUND_WORD && !meaning.except) meaning.background = true;
      else if (p.startsWith('@')) meaning.concepts.push(conceptToken(p.slice(1)));
      else if (p.startsWith('#')) {
        const intent = p.slice(1).trim() as Intent;
        if (INTENT_NAMES.includes(intent)) meaning.intents.push(intent);
        else problems.push({ file, line: i + 1, reason: `ý định không biết: ${p}` });
      } else if (meaning.except) {
        problems.push({ file, line: i + 1, reason: `"không phải" chỉ đi với @khái_niệm hoặc #ý_định: ${p}` });
        return;
      } else meaning.words.push(...wordsOf(fold(p)));
    }
    if (meaning.except && !meaning.concepts.length && !meaning.intents.length) {
      problems.push({ file, line: i + 1, reason: '"không phải" cần ít nhất một @khái_niệm hoặc #ý_định' });
      return;
    }
    if (COMBINATION.test(left.normalize('NFC'))) {
      if (meaning.except) problems.push({ file, line: i + 1, reason: '"không phải" không đi với tổ hợp @a + @b' });
      else combinations.push({ all: left.normalize('NFC').split('+').map((c) => conceptToken(c.trim().slice(1))), value: meaning });
      return;
    }
    for (const alt of left.split('|')) {
      if (!alt.trim()) continue;
      const pattern = parsePattern(alt, meaning, classes);
      if (pattern) into.add(pattern);
      else problems.push({ file, line: i + 1, reason: `mẫu không hợp lệ hoặc nhóm từ chưa định nghĩa: ${alt.trim()}` });
    }
  });
  return problems;
}

/** Files of a data folder in name order (a missing folder is no file). */
export function dataFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Loads every situations file; "a | b = c" lines come back as synonym lines (regional words). */
export function loadSituations(dir: string, classes: WordClasses) {
  const set = new SituationSet();
  const problems: ParseProblem[] = [];
  const synonymLines: string[] = [];
  const combinations: Combination[] = [];
  for (const f of dataFiles(dir)) problems.push(...parseSituations(readFileSync(f, 'utf8'), path.basename(f), classes, set, synonymLines, combinations));
  return { set, problems, synonymLines, combinations };
}
