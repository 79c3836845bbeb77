// Matters another office handles (data/referrals/*.txt, staff-editable): what people call them, which
// office handles them and how to reach it. A referral is a positive decision made on its own evidence
// (a pattern of the table said in the question), never just "nothing matched".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Referral } from '../core/types';
import { parsePattern, PatternSet } from './patterns';
import { dataFiles, type ParseProblem } from './situations';

/**
 * File format, one block per matter:
 *   [id] what it is (Vietnamese) | what it is (English)
 *   nơi: office (Vietnamese) | office (English)
 *   liên hệ: how to reach it (Vietnamese) | (English)
 *   cách nói: pattern | pattern | …   (may repeat; same patterns as data/situations)
 */
export function parseReferrals(
  text: string,
  file: string,
  classes: Map<string, string[][]>,
  into: PatternSet<Referral>,
  list: Referral[],
): ParseProblem[] {
  const problems: ParseProblem[] = [];
  let cur: Referral | null = null;
  let patterns: { text: string; line: number }[] = [];
  const close = () => {
    if (!cur) return;
    if (!cur.office.vi) problems.push({ file, line: 0, reason: `mục [${cur.id}] thiếu dòng "nơi:"` });
    for (const p of patterns) {
      const pattern = parsePattern(p.text, cur, classes);
      if (pattern) into.add(pattern);
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
    const field = /^(nơi|noi|liên hệ|lien he|cách nói|cach noi)\s*:\s*(.*)$/iu.exec(line);
    if (!cur || !field) {
      problems.push({ file, line: i + 1, reason: cur ? 'dòng phải bắt đầu bằng "nơi:", "liên hệ:" hoặc "cách nói:"' : 'thiếu dòng [mã] mở đầu mục' });
      return;
    }
    const key = field[1]!.toLowerCase();
    const c: Referral = cur;
    if (key.startsWith('n')) c.office = pair(field[2]!);
    else if (key.startsWith('l')) c.contact = pair(field[2]!);
    else for (const p of field[2]!.split('|')) if (p.trim()) patterns.push({ text: p.trim(), line: i + 1 });
  });
  close();
  return problems;
}

export function loadReferrals(dir: string, classes: Map<string, string[][]>) {
  const set = new PatternSet<Referral>();
  const list: Referral[] = [];
  const problems: ParseProblem[] = [];
  for (const f of dataFiles(dir)) problems.push(...parseReferrals(readFileSync(f, 'utf8'), path.basename(f), classes, set, list));
  return { set, list, problems };
}
