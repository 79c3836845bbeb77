// The report draft of a period: the commune's own texts for the narrative sections and the figures
// entered by hand. A new draft starts from the previous period's draft, every text marked "xem lại"
// (review); with none, every text is a placeholder. Only what a person saved counts as confirmed;
// the rest prints as a highlighted placeholder (reports/docx.ts), never as a statement of fact.
import type { Db } from '../models/db';
import {
  findDraft, insertDraft, previousDraft, type DraftFigure, type DraftText, type ReportDraftRow,
} from '../models/repos/report-drafts';
import { vn } from './format';
import type { Period } from './period';
import type { EnteredValue, ReportTemplate } from './template';

export interface DraftContent {
  texts: Record<string, DraftText>;
  figures: Record<string, DraftFigure>;
}

/** A draft as the documents use it: saved (id) or not yet saved (the CLI before anyone edited). */
export type Draft = DraftContent & Partial<Pick<ReportDraftRow, 'id' | 'state' | 'approvedBy' | 'approvedAt' | 'approvedFigures' | 'carriedFrom' | 'updatedBy'>> & {
  saved: boolean;
};

// Entered figures are counts, areas and percentages: never negative, at most two decimals.
const MAX_FIGURE = 1e9;

/** The inputs and figures of the template, starting from `previous` when there is one. */
export function seedContent(tpl: ReportTemplate, previous?: DraftContent): DraftContent {
  const texts: Record<string, DraftText> = {};
  for (const s of tpl.sections) {
    if (!s.input) continue;
    const old = previous?.texts[s.key];
    texts[s.key] = old && old.text.trim() ? { text: old.text, state: 'review' } : { text: '', state: 'placeholder' };
  }
  const figures: Record<string, DraftFigure> = {};
  for (const f of tpl.figures) {
    const old = previous?.figures[f.key];
    figures[f.key] = f.carry && old && old.value !== null ? { value: old.value, state: 'review' } : { value: null, state: 'placeholder' };
  }
  return { texts, figures };
}

const periodKey = (from: string, to: string) => `${from}..${to}`;

/**
 * The draft of the period: the saved one, else a new one seeded from the previous period
 * (saved when `create`, as the admin page does on first view).
 */
export async function openDraft(db: Db, period: Period, tpl: ReportTemplate, opts: { create: boolean; user?: string }): Promise<Draft> {
  const found = await findDraft(db, period.from, period.to);
  if (found) return { ...found, ...withTemplate(tpl, found), saved: true };
  const prev = await previousDraft(db, period.kind, period.from);
  const content = seedContent(tpl, prev);
  const carriedFrom = prev ? periodKey(prev.periodFrom, prev.periodTo) : null;
  if (!opts.create) return { ...content, carriedFrom, saved: false };
  const row = await insertDraft(db, {
    periodFrom: period.from,
    periodTo: period.to,
    kind: period.kind,
    label: period.label.vi,
    ...content,
    carriedFrom,
    updatedBy: opts.user ?? null,
  });
  return { ...row, ...withTemplate(tpl, row), saved: true };
}

/** A saved draft completed with the template's current inputs (a template may gain sections). */
function withTemplate(tpl: ReportTemplate, d: DraftContent): DraftContent {
  const seed = seedContent(tpl);
  return { texts: { ...seed.texts, ...d.texts }, figures: { ...seed.figures, ...d.figures } };
}

export class DraftInputError extends Error {}

/**
 * A number as staff type it: Vietnamese "1.250" (thousands) and "12,5" (decimal comma); "12.5" is
 * read as a decimal since a dot followed by other than three digits cannot be a thousands separator.
 */
export function parseViNumber(input: string): string {
  const s = input.trim().replace(/\s/g, '');
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return s.replace(/\./g, '').replace(',', '.');
  return s.replace(',', '.');
}

/**
 * Applies the admin form: `text.<key>` and `ok.<key>` per section, `fig.<key>` and `figok.<key>` per
 * figure. A changed text or value counts as confirmed (a person wrote it); an unchanged one is
 * confirmed only when its box is ticked. Empty = back to placeholder unless ticked (nothing to report).
 */
export function applyEdits(tpl: ReportTemplate, current: DraftContent, form: Record<string, unknown>): DraftContent {
  const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  const ticked = (k: string) => form[k] === 'on' || form[k] === '1' || form[k] === 'true';
  const texts: Record<string, DraftText> = { ...current.texts };
  for (const s of tpl.sections) {
    if (!s.input) continue;
    const sent = str(`text.${s.key}`);
    if (sent === undefined) continue;
    const text = sent.replace(/\r\n/g, '\n').trim();
    const before = current.texts[s.key] ?? { text: '', state: 'placeholder' as const };
    const ok = ticked(`ok.${s.key}`);
    // The box is shown ticked on a confirmed text: unticking it sends the text back to "xem lại".
    let state: DraftText['state'];
    if (!text) state = ok ? 'confirmed' : 'placeholder';
    else if (text !== before.text.trim() || ok) state = 'confirmed';
    else state = 'review';
    texts[s.key] = { text, state };
  }
  const figures: Record<string, DraftFigure> = { ...current.figures };
  for (const f of tpl.figures) {
    const sent = str(`fig.${f.key}`);
    if (sent === undefined) continue;
    const raw = parseViNumber(sent);
    let value: number | null = null;
    if (raw !== '') {
      value = Number(raw);
      if (!Number.isFinite(value) || value < 0 || value > MAX_FIGURE) throw new DraftInputError(f.label);
      value = Math.round(value * 100) / 100;
    }
    const before = current.figures[f.key] ?? { value: null, state: 'placeholder' as const };
    const confirmed = value !== before.value || ticked(`figok.${f.key}`);
    figures[f.key] = value === null ? { value: null, state: 'placeholder' } : { value, state: confirmed ? 'confirmed' : 'review' };
  }
  return { texts, figures };
}

/** Labels of what is not confirmed yet (printed as highlighted placeholders). */
export function unconfirmed(tpl: ReportTemplate, d: DraftContent): string[] {
  const out: string[] = [];
  for (const s of tpl.sections) {
    if (!s.input) continue;
    const t = d.texts[s.key];
    if (t?.state === 'confirmed') continue;
    if (s.input.optional && !t?.text.trim()) continue;
    out.push(s.input.label);
  }
  for (const f of tpl.figures) if (d.figures[f.key]?.state !== 'confirmed') out.push(f.label);
  return out;
}

/** Entered figures as the sentences print them (null = not entered). */
export function enteredValues(tpl: ReportTemplate, d: DraftContent): Record<string, EnteredValue> {
  const out: Record<string, EnteredValue> = {};
  for (const f of tpl.figures) {
    const v = d.figures[f.key];
    if (!v || v.value === null) out[f.key] = { text: null, review: false };
    else out[f.key] = { text: vn(v.value, Number.isInteger(v.value) ? 0 : Number.isInteger(v.value * 10) ? 1 : 2), review: v.state !== 'confirmed' };
  }
  return out;
}
