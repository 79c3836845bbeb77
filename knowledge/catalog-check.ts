// catalog:check — what staff must review in the catalog (issue 20): facts given without a source,
// legal bases that a newer text replaced (data/catalog/replaced-texts.json), procedures not
// reviewed for 12 months, and blanks ("chưa có thông tin"). Pure: the CLI and the admin page
// render the same findings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Procedure } from './catalog';
import { fold } from './normalize';
import { formatDateVi } from './provenance';
import { DATA_DIR } from './text';
import { FACTS, sourceRefSchema, type Fact } from './sources.types';

export const REPLACED_TEXTS_FILE = path.join(DATA_DIR, 'catalog', 'replaced-texts.json');
/** A procedure not reviewed within this many days is due (issue 20: 12 months). */
export const REVIEW_MAX_AGE_DAYS = 365;

const replacedTextSchema = z.object({
  text: z.string().min(3),
  aliases: z.array(z.string().min(3)).default([]),
  replacedBy: z.string().min(3),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: sourceRefSchema,
});
export type ReplacedText = z.infer<typeof replacedTextSchema>;

export function loadReplacedTexts(file = REPLACED_TEXTS_FILE): ReplacedText[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { replaced?: unknown };
  return z.array(replacedTextSchema).parse(data.replaced ?? []);
}

export type FindingKind = 'replaced' | 'no_source' | 'stale' | 'blank';
/** Most harmful first: a replaced basis may be wrong today; a blank is at least honest. */
export const FINDING_KINDS: readonly FindingKind[] = ['replaced', 'no_source', 'stale', 'blank'];

export interface Finding {
  code: string;
  name: string;
  kind: FindingKind;
  fact?: Fact;
  /** replaced: the old text, what replaced it and since when; stale: the last review date. */
  text?: string;
  replacedBy?: string;
  from?: string;
  reviewedAt?: string | null;
}

/** The value of a fact; null = "chưa có thông tin". */
function factValue(p: Procedure, f: Fact): unknown {
  switch (f) {
    case 'fees': return p.fees;
    case 'time': return p.timeText?.trim() || null;
    case 'place': return p.submitWhere?.trim() || null;
    case 'documents': return p.documents?.length ? p.documents : null;
    case 'legalBasis': return p.legalBasis?.trim() || null;
  }
}

/** Kinds of text by the words before a bare number ("NĐ 01/2021", "Thông tư 75/2022"). */
const KIND_WORDS: [RegExp, string][] = [
  [/(nghi dinh|\bnd)\s*(so)?\s*$/, 'nd'],
  [/(thong tu|\btt)\s*(so)?\s*$/, 'tt'],
  [/(quyet dinh|\bqd)\s*(so)?\s*$/, 'qd'],
  [/(nghi quyet|\bnq)\s*(so)?\s*$/, 'nq'],
  [/(luat)\s*(so)?\s*$/, 'qh'],
];

/** Document numbers in a text: number/year and, when known, the kind ("nd", "tt", "qd", "nq", "qh"). */
function docNumbers(text: string): { num: string; kind?: string }[] {
  const folded = fold(text);
  return [...folded.matchAll(/(\d{1,4})\/(\d{4})(?:\/([a-z]+)(?:-[a-z]+)*)?/g)].map((m) => {
    const before = folded.slice(Math.max(0, m.index - 16), m.index);
    const kind = m[3] ?? KIND_WORDS.find(([re]) => re.test(before))?.[1];
    return { num: `${Number(m[1])}/${m[2]}`, ...(kind ? { kind } : {}) };
  });
}

/** Does the text cite the replaced one (by number, or by one of its names)? */
export function cites(text: string, r: ReplacedText): boolean {
  const folded = fold(text);
  if ([r.text, ...r.aliases].some((a) => !/\d+\/\d{4}/.test(a) && folded.includes(fold(a)))) return true;
  const wanted = [r.text, ...r.aliases].flatMap(docNumbers);
  return docNumbers(text).some((f) => wanted.some((w) => f.num === w.num && (!f.kind || !w.kind || f.kind === w.kind)));
}

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

export interface CheckOptions {
  /** YYYY-MM-DD; the review age is counted to this day. */
  today: string;
  replaced: ReplacedText[];
  maxAgeDays?: number;
}

/** Every finding of every active procedure, most harmful kind first, then by code. */
export function checkCatalog(procedures: Procedure[], opts: CheckOptions): Finding[] {
  const out: Finding[] = [];
  const maxAge = opts.maxAgeDays ?? REVIEW_MAX_AGE_DAYS;
  for (const p of procedures) {
    if (!p.active) continue;
    const base = { code: p.code, name: p.name };
    // A replacement counts from its date: a text announced for later is still in force today.
    for (const r of opts.replaced.filter((x) => x.from <= opts.today)) {
      // The legal basis text, and every source a fact rests on.
      const places: { fact: Fact; text: string }[] = [
        ...(p.legalBasis ? [{ fact: 'legalBasis' as const, text: p.legalBasis }] : []),
        ...FACTS.flatMap((f) => (p.sources?.[f] ?? []).map((s) => ({ fact: f, text: `${s.doc} ${s.article ?? ''}` }))),
      ];
      for (const fact of new Set(places.filter((x) => cites(x.text, r)).map((x) => x.fact))) {
        out.push({ ...base, kind: 'replaced', fact, text: r.text, replacedBy: r.replacedBy, from: r.from });
      }
    }
    for (const f of FACTS) {
      if (factValue(p, f) === null) out.push({ ...base, kind: 'blank', fact: f });
      else if (!p.sources?.[f]?.length) out.push({ ...base, kind: 'no_source', fact: f });
    }
    if (!p.reviewedAt || daysBetween(p.reviewedAt, opts.today) > maxAge) {
      out.push({ ...base, kind: 'stale', reviewedAt: p.reviewedAt ?? null });
    }
  }
  const rank = (k: FindingKind) => FINDING_KINDS.indexOf(k);
  return out.sort((a, b) => rank(a.kind) - rank(b.kind) || a.code.localeCompare(b.code));
}

/** Findings per kind (for summaries). */
export function countByKind(findings: Finding[]): Record<FindingKind, number> {
  const counts = { replaced: 0, no_source: 0, stale: 0, blank: 0 };
  for (const f of findings) counts[f.kind]++;
  return counts;
}

/** One finding as staff read it (namespace `catalog`, locales/<lang>/catalog.json). */
export function describeFinding(f: Finding, t: TFunction): string {
  const fact = f.fact ? t(`catalog:check.fact_${f.fact}`) : '';
  switch (f.kind) {
    case 'replaced':
      return t('catalog:check.replaced', { fact, text: f.text, replacedBy: f.replacedBy, from: formatDateVi(f.from ?? '') });
    case 'no_source':
      return t('catalog:check.no_source', { fact });
    case 'stale':
      return f.reviewedAt ? t('catalog:check.stale', { date: formatDateVi(f.reviewedAt) }) : t('catalog:check.stale_never');
    case 'blank':
      return t('catalog:check.blank', { fact });
  }
}
