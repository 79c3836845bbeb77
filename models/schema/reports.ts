// The report draft of one period (reports/README.md): the commune's own texts for each narrative
// section, the figures entered by hand, and, once an official approves it, the computed figures
// as they stood at approval (the signed document must not change when data are re-imported).
import { pgTable, serial, date, varchar, jsonb, text, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';

/** placeholder = nobody wrote it; review = carried from the previous period ("xem lại"); confirmed = a person saved it. */
export type DraftItemState = 'placeholder' | 'review' | 'confirmed';

export interface DraftText {
  text: string;
  state: DraftItemState;
}

export interface DraftFigure {
  value: number | null;
  state: DraftItemState;
}

export type DraftState = 'draft' | 'approved';

export const reportDrafts = pgTable(
  'report_drafts',
  {
    id: serial('id').primaryKey(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** month | quarter | half | nine_months | year | range (which draft a new one starts from). */
    kind: varchar('kind', { length: 16 }).notNull(),
    label: text('label').notNull(),
    texts: jsonb('texts').$type<Record<string, DraftText>>().notNull().default({}),
    figures: jsonb('figures').$type<Record<string, DraftFigure>>().notNull().default({}),
    /** The computed figures (ReportFigures) frozen at approval; null while a draft. */
    approvedFigures: jsonb('approved_figures').$type<Record<string, unknown> | null>(),
    state: varchar('state', { length: 16 }).$type<DraftState>().notNull().default('draft'),
    /** Period of the draft the texts were carried from, e.g. "2024-01-15..2024-03-14". */
    carriedFrom: text('carried_from'),
    updatedBy: text('updated_by'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('report_drafts_period').on(t.periodFrom, t.periodTo), index('report_drafts_kind').on(t.kind, t.periodTo)],
);

export type ReportDraftRow = typeof reportDrafts.$inferSelect;
