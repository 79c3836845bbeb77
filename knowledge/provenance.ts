// Provenance of an answer: "Thông tin cập nhật ngày …; căn cứ …" under every procedure answer, and
// the one-line text form of per-fact sources used by spreadsheets and the admin edit form.
import type { TFunction } from 'i18next';
import type { Procedure } from './catalog';
import { FACTS, sourceRefSchema, type Fact, type FactSources, type SourceRef } from './sources.types';

/** How many sources an answer line names at most (Zalo/Messenger bubbles are short). */
const MAX_SOURCES_SHOWN = 3;

/** "Nghị định 23/2015/NĐ-CP, Điều 5 khoản 6" — the document and article, as a citizen reads it. */
export function formatSource(s: SourceRef): string {
  return [s.doc, s.article].filter(Boolean).join(', ');
}

/** 2026-11-30 → 30/11/2026 (how dates are written in Vietnamese administration). */
export function formatDateVi(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Distinct sources of the given facts, in fact order. */
export function sourcesOf(sources: FactSources | null | undefined, facts: readonly Fact[]): SourceRef[] {
  const seen = new Set<string>();
  const out: SourceRef[] = [];
  for (const f of facts) {
    for (const s of sources?.[f] ?? []) {
      const key = formatSource(s);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

/**
 * The line under an answer: its review date and what it rests on. The basis is the sources of the
 * facts the answer shows, else the legal basis text; "chưa có thông tin" when neither is known.
 */
export function provenanceLine(p: Pick<Procedure, 'reviewedAt' | 'sources' | 'legalBasis'>, t: TFunction, facts: readonly Fact[] = FACTS): string {
  const named = sourcesOf(p.sources, facts).slice(0, MAX_SOURCES_SHOWN).map(formatSource);
  const basis = named.length ? named.join('; ') : p.legalBasis?.trim() || t('procedures:unknown');
  return p.reviewedAt
    ? t('procedures:provenance', { date: formatDateVi(p.reviewedAt), basis })
    : t('procedures:provenance_unreviewed', { basis });
}

// ------------------------------------------------------------------ text form (CSV cells, admin form)

/** Names a line may start with (folded), per fact: English keys and the Vietnamese words staff use. */
const FACT_NAMES: Record<string, Fact> = {
  fees: 'fees', fee: 'fees', 'le phi': 'fees', phi: 'fees',
  time: 'time', 'thoi han': 'time',
  place: 'place', 'noi nop': 'place', 'noi tiep nhan': 'place',
  documents: 'documents', 'ho so': 'documents', 'giay to': 'documents',
  legalbasis: 'legalBasis', 'legal basis': 'legalBasis', 'can cu': 'legalBasis', 'can cu phap ly': 'legalBasis',
};

const fold = (s: string) =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase().replace(/\s+/g, ' ').trim();

export class SourceLineError extends Error {
  constructor(readonly line: number, message: string) {
    super(`nguồn dòng ${line}: ${message}`);
    this.name = 'SourceLineError';
  }
}

/**
 * Reads per-fact sources written one per line: `fact: văn bản | điều | YYYY-MM-DD | địa chỉ | ghi chú`
 * (e.g. `time: Nghị định 168/2025/NĐ-CP | Điều 90 | 2025-06-30`); trailing parts may be left out.
 */
export function parseSourceLines(text: string): FactSources {
  const out: FactSources = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const colon = line.indexOf(':');
    const fact = colon > 0 ? FACT_NAMES[fold(line.slice(0, colon))] : undefined;
    if (!fact) throw new SourceLineError(i + 1, `bắt đầu bằng ${FACTS.join(', ')} rồi dấu hai chấm`);
    // "https://…" contains a colon: split on " | " only.
    const [doc = '', article = '', date = '', url = '', ...rest] = line.slice(colon + 1).split('|').map((s) => s.trim());
    const note = rest.join(' | ').trim();
    const parsed = sourceRefSchema.safeParse({
      doc, ...(article ? { article } : {}), ...(date ? { date } : {}), ...(url ? { url } : {}), ...(note ? { note } : {}),
    });
    if (!parsed.success) throw new SourceLineError(i + 1, parsed.error.issues.map((x) => x.message).join('; '));
    (out[fact] ??= []).push(parsed.data);
  });
  return out;
}

/** The inverse of parseSourceLines. */
export function formatSourceLines(sources: FactSources | null | undefined): string {
  return FACTS.flatMap((f) =>
    (sources?.[f] ?? []).map((s) => `${f}: ${[s.doc, s.article ?? '', s.date ?? '', s.url ?? '', s.note ?? ''].join(' | ').replace(/( \| )+$/, '')}`),
  ).join('\n');
}
