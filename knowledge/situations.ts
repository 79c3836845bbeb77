// Life situations, euphemisms, regional and colloquial words (data/situations/*.txt, staff-editable):
// patterns that add a concept ("@chết") shared with the catalog's own words, catalog words, or an
// intent ("#feedback") to what a message means. The same rules run over the catalog's phrasings,
// so "về với tổ tiên" in a message and "khai tử" in a procedure name meet on "@chết".
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Intent } from '../core/types';
import { fold, wordsOf } from './normalize';
import { parseClassLine, parsePattern, PatternSet } from './patterns';

export interface Meaning {
  /** Concept tokens ("@chet"): ASCII, never a word of a message. */
  concepts: string[];
  /** Folded catalog words to add ("khai", "tu"). */
  words: string[];
  intents: Intent[];
}

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
  classes: Map<string, string[][]>,
  into: PatternSet<Meaning>,
  synonymLines: string[] = [],
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
    const [left, right] = line.split('=>');
    if (!left || right === undefined) return;
    const meaning: Meaning = { concepts: [], words: [], intents: [] };
    for (const part of right.split(',').flatMap((x) => x.trim().split(/\s+(?=[@#])/))) {
      const p = part.trim();
      if (!p) continue;
      if (p.startsWith('@')) meaning.concepts.push(conceptToken(p.slice(1)));
      else if (p.startsWith('#')) {
        const intent = p.slice(1).trim() as Intent;
        if (INTENT_NAMES.includes(intent)) meaning.intents.push(intent);
        else problems.push({ file, line: i + 1, reason: `ý định không biết: ${p}` });
      } else meaning.words.push(...wordsOf(fold(p)));
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
export function loadSituations(dir: string, classes: Map<string, string[][]>) {
  const set = new PatternSet<Meaning>();
  const problems: ParseProblem[] = [];
  const synonymLines: string[] = [];
  for (const f of dataFiles(dir)) problems.push(...parseSituations(readFileSync(f, 'utf8'), path.basename(f), classes, set, synonymLines));
  return { set, problems, synonymLines };
}
