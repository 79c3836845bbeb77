// Matters another office handles (data/referrals/*.txt, staff-editable): what people call them, which
// office handles them and how to reach it. A referral is a positive decision made on its own evidence
// (a pattern of the table said in the question), never just "nothing matched". The catalog is the
// source of truth of what the commune does: a pattern that says what a catalog procedure's own name
// or citizen phrasing says is dropped when the index is built (catalogHolds), so a procedure added
// to the catalog is never referred away.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Referral } from '../core/types';
import { parsePattern, PatternSet, type PatternMatch, type WordClasses } from './patterns';
import { dataFiles, type ParseProblem } from './situations';
import { fold, normalizeText } from './normalize';

/** A line of the table: a way to say the matter, or an exception that cancels it ("không có lương hưu"). */
export interface ReferralRule {
  referral: Referral;
  except: boolean;
  /** A part of a combination (`a + b`): the matter is said when every part is said in the message. */
  part?: ComboPart;
}

/** Part `index` of combination `id`, which has `parts` parts. */
export interface ComboPart {
  id: number;
  index: number;
  parts: number;
}

/** A match of the table in a clause; `part` when it is only one part of a combination. */
export type ReferralMatch = PatternMatch<Referral> & { part?: ComboPart };

/** Combinations get ids unique across files and reloads of the table. */
let nextCombo = 0;

/**
 * File format, one block per matter:
 *   [id] what it is (Vietnamese) | what it is (English)
 *   nơi: office (Vietnamese) | office (English)
 *   liên hệ: how to reach it (Vietnamese) | (English)
 *   xã tiếp nhận: có        (optional: the commune handles it but the catalog has no guide yet)
 *   ưu tiên: có             (optional: asked about, it wins over a commune procedure also named)
 *   cách nói: pattern | pattern | …   (may repeat; same patterns as data/situations; `a + b`: each
 *             part said somewhere in the message, in one clause or across a story's clauses)
 *   không tính: pattern | …           (optional: said there, the matter is not asked about)
 */
export function parseReferrals(
  text: string,
  file: string,
  classes: WordClasses,
  into: PatternSet<ReferralRule>,
  list: Referral[],
): ParseProblem[] {
  const problems: ParseProblem[] = [];
  let cur: Referral | null = null;
  let patterns: { text: string; line: number; except: boolean }[] = [];
  const close = () => {
    if (!cur) return;
    if (!cur.office.vi) problems.push({ file, line: 0, reason: `mục [${cur.id}] thiếu dòng "nơi:"` });
    // A pattern written without marks beside the same words written with them ("dong thue" beside
    // "đóng thuế") adds nothing for a message typed without marks, which the marked one matches, and
    // would take a marked message's other words for it ("hợp đồng thuê trọ"): it is left out.
    const marked = new Set(patterns.filter((p) => fold(p.text) !== normalizeText(p.text)).map((p) => `${p.except}|${fold(p.text)}`));
    patterns = patterns.filter((p) => fold(p.text) !== normalizeText(p.text) || !marked.has(`${p.except}|${fold(p.text)}`));
    for (const p of patterns) {
      const texts = p.text.split('+').map((t) => t.trim());
      if (texts.length > 1 && (p.except || texts.some((t) => !t))) {
        problems.push({ file, line: p.line, reason: `mẫu ghép "a + b" chỉ dùng ở "cách nói:", mỗi vế phải có chữ: ${p.text}` });
        continue;
      }
      const id = texts.length > 1 ? nextCombo++ : undefined;
      const parsed = texts.map((t, index) =>
        parsePattern<ReferralRule>(t, { referral: cur!, except: p.except, part: id === undefined ? undefined : { id, index, parts: texts.length } }, classes),
      );
      if (parsed.every((x) => x)) for (const x of parsed) into.add(x!);
      else problems.push({ file, line: p.line, reason: `mẫu không hợp lệ hoặc nhóm từ chưa định nghĩa: ${p.text}` });
    }
    list.push(cur);
    cur = null;
    patterns = [];
  };
  const pair = (v: string) => {
    const [vi, en] = v.split('|').map((x) => x.trim());
    return { vi: vi ?? '', en: en || vi || '' };
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\s*#.*$/, '').trim();
    if (!line) return;
    const head = /^\[([\w-]+)\]\s*(.*)$/.exec(line);
    if (head) {
      close();
      cur = { id: head[1]!, matter: pair(head[2] ?? ''), office: { vi: '', en: '' }, contact: { vi: '', en: '' } };
      return;
    }
    const field = /^(nơi|noi|liên hệ|lien he|cách nói|cach noi|không tính|khong tinh|xã tiếp nhận|xa tiep nhan|ưu tiên|uu tien)\s*:\s*(.*)$/iu.exec(line);
    if (!cur || !field) {
      problems.push({
        file,
        line: i + 1,
        reason: cur ? 'dòng phải bắt đầu bằng "nơi:", "liên hệ:", "xã tiếp nhận:", "ưu tiên:", "cách nói:" hoặc "không tính:"' : 'thiếu dòng [mã] mở đầu mục',
      });
      return;
    }
    const key = field[1]!.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
    const c: Referral = cur;
    const value = field[2]!;
    if (key === 'noi') c.office = pair(value);
    else if (key === 'lien he') c.contact = pair(value);
    else if (key === 'xa tiep nhan') c.commune = /^(có|co|yes|x)$/iu.test(value.trim());
    else if (key === 'uu tien') c.decisive = /^(có|co|yes|x)$/iu.test(value.trim());
    else for (const p of value.split('|')) if (p.trim()) patterns.push({ text: p.trim(), line: i + 1, except: key === 'khong tinh' });
  });
  close();
  return problems;
}

export function loadReferrals(dir: string, classes: WordClasses) {
  const set = new PatternSet<ReferralRule>();
  const list: Referral[] = [];
  const problems: ParseProblem[] = [];
  for (const f of dataFiles(dir)) problems.push(...parseReferrals(readFileSync(f, 'utf8'), path.basename(f), classes, set, list));
  return { set, list, problems };
}

/**
 * The referral matches in a message's folded words, less those an exception of the same matter
 * overlaps from their start or before it ("lương hưu" inside "không có lương hưu", "ly hôn" in "đã
 * ly hôn rồi"). A longer way of saying the matter that begins before the exception is still the
 * matter: "thuận tình ly hôn rồi" asks a divorce, although "ly hôn rồi" is told as past.
 */
export function matchReferrals(set: PatternSet<ReferralRule>, words: string[], marks?: (string | null)[]): ReferralMatch[] {
  const all = set.matchAll(words, marks);
  const except = all.filter((m) => m.value.except);
  return all
    .filter((m) => !m.value.except)
    .filter((m) => !except.some((e) => e.value.referral === m.value.referral && e.start < m.end && m.start < e.end && e.start <= m.start))
    .map((m) => ({ value: m.value.referral, pattern: m.pattern as never, start: m.start, end: m.end, size: m.size, part: m.value.part }));
}

/**
 * The combinations (`a + b`) said in a message: every part matched in one of its clauses. Each is
 * returned with the matches of its parts (first found of each), in the order of the table.
 */
export function combinationsSaid<M extends ReferralMatch>(parts: M[]): M[][] {
  const byId = new Map<number, (M | undefined)[]>();
  for (const m of parts) {
    if (!m.part) continue;
    const got = byId.get(m.part.id) ?? Array.from({ length: m.part.parts }, (): M | undefined => undefined);
    got[m.part.index] ??= m;
    byId.set(m.part.id, got);
  }
  return [...byId.values()].filter((got): got is M[] => got.every((m) => m !== undefined));
}

/** A pattern covering at least this share of a catalog phrasing's words says that procedure… */
export const HELD_MIN_COVER = 0.5;
/** …and so does one that opens it, after at most a verb ("Cấp giấy phép xây dựng …"). */
export const HELD_MAX_START = 1;

/**
 * Drops the referral patterns that say what a catalog procedure's own phrasing says (its name or a
 * citizen phrasing, as folded words): the commune handles that, so it is not referred away.
 * Returns how many patterns were dropped.
 */
export function catalogHolds(set: PatternSet<ReferralRule>, phrasings: string[][]): number {
  const held = new Set<unknown>();
  for (const words of phrasings) {
    if (!words.length) continue;
    for (const m of set.matchAll(words)) {
      // A part of a combination says only half of the matter ("bồi thường" of "thu hồi đất + bồi thường").
      if (m.value.except || m.value.part) continue;
      if ((m.end - m.start) / words.length >= HELD_MIN_COVER || (m.start <= HELD_MAX_START && m.size > 1)) held.add(m.pattern);
    }
  }
  return held.size ? set.remove((p) => held.has(p)) : 0;
}
