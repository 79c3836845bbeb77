// Fee rules <-> the rows of the fee table in the procedure edit form. Staff type amounts the
// Vietnamese way ("2.000", "200.000 đ"); per-page tiers as "1-2: 2.000; 3-: 1.000".
import type { FeeRule } from '../knowledge/fees.types';

export const FEE_KINDS = ['fixed', 'per_page', 'per_case', 'free', 'exempt', 'province'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];
// Blank rows offered under the existing rules for adding new ones (no script needed).
export const EXTRA_FEE_ROWS = 2;
// More rules than this on one procedure would be a data entry mistake.
export const MAX_FEE_ROWS = 20;

/** One row of the form, every value a string as typed. */
export interface FeeFormRow {
  kind: FeeKind | '';
  label: string;
  amount: string;
  unit: string;
  tiers: string;
  cap: string;
  condition: string;
  who: string;
  note: string;
}

const numberFmt = new Intl.NumberFormat('vi-VN');
const fmt = (n: number | null | undefined) => (n == null ? '' : numberFmt.format(n));

export function feeRowsOf(rules: FeeRule[] | null): FeeFormRow[] {
  const rows = (rules ?? []).map((r): FeeFormRow => ({
    kind: r.kind,
    label: r.label ?? '',
    amount: 'amount' in r ? fmt(r.amount) : '',
    unit: 'unit' in r ? (r.unit ?? '') : '',
    tiers: r.kind === 'per_page' ? r.tiers.map((t) => `${t.from}-${t.to ?? ''}: ${fmt(t.amount)}`).join('; ') : '',
    cap: r.kind === 'per_page' ? fmt(r.cap) : '',
    condition: r.kind === 'free' ? (r.condition ?? '') : '',
    who: r.kind === 'exempt' ? r.who : '',
    note: r.note ?? '',
  }));
  for (let i = 0; i < EXTRA_FEE_ROWS; i++) {
    rows.push({ kind: '', label: '', amount: '', unit: '', tiers: '', cap: '', condition: '', who: '', note: '' });
  }
  return rows;
}

/** "2.000", "2,000 đ", "2000đồng" → 2000; '' → null; anything else → NaN. */
export function parseAmount(s: string): number | null {
  const t = s.replace(/(đồng|đ|vnd|vnđ)$/i, '').replace(/[\s.,]/g, '');
  if (!t) return null;
  return /^\d{1,12}$/.test(t) ? Number(t) : NaN;
}

export class FeeFormError extends Error {
  constructor(readonly row: number, readonly key: string) {
    super(`fee row ${row}: ${key}`);
  }
}

/** Reads rows fee_<field>_<i> from a urlencoded body into rules (blank and removed rows dropped). */
export function feeRulesFromBody(body: Record<string, unknown>): FeeRule[] {
  const rules: FeeRule[] = [];
  const get = (k: string, i: number) => String(body[`fee_${k}_${i}`] ?? '').trim();
  for (let i = 0; i < MAX_FEE_ROWS + EXTRA_FEE_ROWS; i++) {
    const kind = get('kind', i) as FeeKind | '';
    if (!kind || get('remove', i)) continue;
    if (!(FEE_KINDS as readonly string[]).includes(kind)) throw new FeeFormError(i + 1, 'catalog.fee_bad_kind');
    const base = { ...(get('label', i) && { label: get('label', i) }), ...(get('note', i) && { note: get('note', i) }) };
    const unit = get('unit', i) ? { unit: get('unit', i) } : {};
    const amount = parseAmount(get('amount', i));
    if (Number.isNaN(amount)) throw new FeeFormError(i + 1, 'catalog.fee_bad_amount');
    switch (kind) {
      case 'fixed':
      case 'per_case':
        if (amount === null) throw new FeeFormError(i + 1, 'catalog.fee_need_amount');
        rules.push({ kind, amount, ...unit, ...base });
        break;
      case 'province':
        rules.push({ kind, amount, ...unit, ...base });
        break;
      case 'free':
        rules.push({ kind, ...(get('condition', i) && { condition: get('condition', i) }), ...base });
        break;
      case 'exempt':
        if (!get('who', i)) throw new FeeFormError(i + 1, 'catalog.fee_need_who');
        rules.push({ kind, who: get('who', i), ...base });
        break;
      case 'per_page': {
        const tiers = parseTiers(get('tiers', i));
        if (!tiers) throw new FeeFormError(i + 1, 'catalog.fee_bad_tiers');
        const cap = parseAmount(get('cap', i));
        if (Number.isNaN(cap)) throw new FeeFormError(i + 1, 'catalog.fee_bad_amount');
        rules.push({ kind, tiers, ...(cap !== null && { cap }), ...unit, ...base });
        break;
      }
    }
  }
  return rules;
}

/** "1-2: 2.000; 3-: 1.000" (also "3+: 1.000", newlines) → tiers; null when unreadable. */
export function parseTiers(s: string): { from: number; to?: number; amount: number }[] | null {
  const parts = s.split(/[;\n]/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return null;
  const tiers = [];
  for (const p of parts) {
    // "3-" and "3+" are open-ended; a bare "3" is page 3 only.
    const m = /^(\d+)\s*(?:([-–])\s*(\d+)?|(\+))?\s*:\s*(.+)$/.exec(p);
    if (!m) return null;
    const amount = parseAmount(m[5]!);
    if (amount === null || Number.isNaN(amount)) return null;
    const from = Number(m[1]);
    const to = m[3] ? Number(m[3]) : m[2] || m[4] ? undefined : from;
    tiers.push({ from, ...(to !== undefined && { to }), amount });
  }
  return tiers;
}
