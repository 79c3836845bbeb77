// Fee rules → numbers and words. Amounts are written the Vietnamese way ("2.000 đồng").
// Labels in rules are catalog data (Vietnamese); the surrounding words come from i18next.
import type { TFunction } from 'i18next';
import type { FeeRule } from './fees.types';
import { fold } from './normalize';

/** 2000 → "2.000" (dot as the thousands separator, as written in Vietnam). */
export function formatAmount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** 2000 → "2.000 đồng". */
export function formatVnd(n: number): string {
  return `${formatAmount(n)} đồng`;
}

export interface Quantities {
  pages?: number;
  copies?: number;
}

// Quantities above these are typing slips, not requests (a copy has at most a few hundred pages).
const MAX_PAGES = 10_000;
const MAX_COPIES = 1_000;

/** "7 trang", "3 bản", "2 bộ" in a message; a bare number counts as pages for per-page fees. */
export function quantitiesOf(text: string, rules: FeeRule[] | null): Quantities {
  const key = fold(text).replace(/\b\d\.\d{6}\b/g, ' ');
  const q: Quantities = {};
  const pages = /(\d{1,5})\s*(?:trang|to|pages?)\b/.exec(key);
  const copies = /(\d{1,4})\s*(?:ban|bo|copies|copy|hop dong|truong hop|nguoi)\b/.exec(key);
  if (pages) q.pages = Math.min(Number(pages[1]), MAX_PAGES);
  if (copies) q.copies = Math.min(Number(copies[1]), MAX_COPIES);
  if (!pages && !copies) {
    const bare = /(?:^|\s)(\d{1,4})(?:\s|$)/.exec(key);
    if (bare) {
      const n = Number(bare[1]);
      if (rules?.some((r) => r.kind === 'per_page')) q.pages = Math.min(n, MAX_PAGES);
      else if (rules?.some((r) => r.kind === 'fixed' || r.kind === 'per_case')) q.copies = Math.min(n, MAX_COPIES);
    }
  }
  return q;
}

export interface PerPageResult {
  perCopy: number;
  capped: boolean;
  /** Parts of the sum: amount × pages. */
  parts: { amount: number; pages: number }[];
}

/** Fee of one copy of an original with `pages` pages under a tiered per-page rule. */
export function perPageFee(rule: Extract<FeeRule, { kind: 'per_page' }>, pages: number): PerPageResult {
  const parts: PerPageResult['parts'] = [];
  let sum = 0;
  for (const tier of rule.tiers) {
    const to = Math.min(tier.to ?? Infinity, pages);
    const count = to - tier.from + 1;
    if (count <= 0) continue;
    parts.push({ amount: tier.amount, pages: count });
    sum += count * tier.amount;
  }
  const capped = rule.cap !== undefined && sum > rule.cap;
  return { perCopy: capped ? rule.cap! : sum, capped, parts };
}

export interface FeeComputation {
  total: number;
  /** "2.000 đồng × 2 trang + 1.000 đồng × 5 trang = 9.000 đồng". */
  explanation: string;
  /** The page count was not given; the total is for one-page originals. */
  assumedPages?: boolean;
}

/** The total for the quantities asked, when the rules allow a computation; null otherwise. */
export function computeFee(rules: FeeRule[] | null, q: Quantities, t: TFunction): FeeComputation | null {
  if (!rules?.length || (q.pages === undefined && q.copies === undefined)) return null;
  const copies = q.copies ?? 1;
  const perPage = rules.find((r): r is Extract<FeeRule, { kind: 'per_page' }> => r.kind === 'per_page');
  if (perPage) {
    const pages = q.pages ?? 1;
    const r = perPageFee(perPage, pages);
    const sum = r.parts
      .map((p) => `${formatVnd(p.amount)} × ${p.pages} ${t('procedures:fee.pages')}`)
      .join(' + ');
    let explanation = r.capped
      ? `${sum} = ${formatVnd(r.parts.reduce((s, p) => s + p.amount * p.pages, 0))}, ${t('procedures:fee.capped', { cap: formatVnd(r.perCopy) })}`
      : `${sum} = ${formatVnd(r.perCopy)}`;
    if (copies > 1) explanation += `; ${formatVnd(r.perCopy)} × ${copies} ${t('procedures:fee.copies')} = ${formatVnd(r.perCopy * copies)}`;
    // Pages not given: say plainly that the example counts one page per original.
    if (q.pages === undefined) explanation = `${t('procedures:fee.if_one_page')} ${explanation}`;
    return { total: r.perCopy * copies, explanation, assumedPages: q.pages === undefined };
  }
  const unitRule = rules.find(
    (r): r is Extract<FeeRule, { kind: 'fixed' | 'per_case' }> => r.kind === 'fixed' || r.kind === 'per_case',
  );
  if (unitRule && q.copies !== undefined) {
    const unit = unitRule.unit ?? t('procedures:fee.copies');
    return {
      total: unitRule.amount * copies,
      explanation: `${formatVnd(unitRule.amount)} × ${copies} ${unit} = ${formatVnd(unitRule.amount * copies)}`,
    };
  }
  return null;
}

/** One line per rule, in the citizen's language. */
export function describeFees(rules: FeeRule[] | null, t: TFunction): string[] {
  if (rules === null) return [t('procedures:unknown')];
  if (!rules.length) return [t('procedures:fee.none')];
  return rules.map((r) => {
    const label = r.label ? `${r.label}: ` : '';
    const note = r.note ? ` (${r.note})` : '';
    switch (r.kind) {
      case 'fixed':
        return `${label}${formatVnd(r.amount)}${r.unit ? `/${r.unit}` : ''}${note}`;
      case 'per_case':
        return `${label}${formatVnd(r.amount)}/${r.unit ?? t('procedures:fee.case')}${note}`;
      case 'per_page': {
        const tiers = r.tiers
          .map((tier) =>
            tier.to
              ? t('procedures:fee.tier_range', { from: tier.from, to: tier.to, amount: formatVnd(tier.amount) })
              : t('procedures:fee.tier_from', { from: tier.from, amount: formatVnd(tier.amount) }),
          )
          .join('; ');
        const cap = r.cap !== undefined ? `; ${t('procedures:fee.cap', { cap: formatVnd(r.cap), unit: r.unit ?? t('procedures:fee.copies') })}` : '';
        return `${label}${tiers}${cap}${note}`;
      }
      case 'free':
        return `${label}${r.condition ? t('procedures:fee.free_if', { condition: r.condition }) : t('procedures:fee.free')}${note}`;
      case 'exempt':
        return `${label}${t('procedures:fee.exempt', { who: r.who })}${note}`;
      case 'province':
        return `${label}${
          r.amount === null
            ? t('procedures:fee.province_unknown', { unknown: t('procedures:unknown') })
            : t('procedures:fee.province', { amount: formatVnd(r.amount) + (r.unit ? `/${r.unit}` : '') })
        }${note}`;
    }
  });
}
