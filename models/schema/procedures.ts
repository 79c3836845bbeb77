// The procedure catalog (TTHC cấp xã), keyed by national code. Lists (documents, steps, fee
// rules, aliases, FAQ variants) are JSON columns: they are read whole and edited whole.
// A null fact means "not yet verified" (docs/domain.md §5.1, mark U): citizens are told to ask the office.
import { pgTable, text, timestamp, jsonb, integer, boolean, date, varchar, index } from 'drizzle-orm/pg-core';
import type { FeeRule } from '../../knowledge/fees.types';
import type { FactSources } from '../../knowledge/sources.types';

export type OnlineLevel = 'toan_trinh' | 'mot_phan' | 'khong';

export const procedures = pgTable(
  'procedures',
  {
    code: varchar('code', { length: 32 }).primaryKey(),
    name: text('name').notNull(),
    field: text('field').notNull(),
    /** Administrative level that handles it now ('xa'); levelNote keeps history ("2024: huyện"). */
    level: varchar('level', { length: 16 }).notNull().default('xa'),
    levelNote: text('level_note'),
    /** Who receives it at the commune ("Bộ phận Một cửa UBND xã", "Công an xã"). */
    agency: text('agency'),
    timeText: text('time_text'),
    timeDays: integer('time_days'),
    documents: jsonb('documents').$type<string[] | null>(),
    steps: jsonb('steps').$type<string[] | null>(),
    submitWhere: text('submit_where'),
    submitHow: text('submit_how'),
    onlineLevel: varchar('online_level', { length: 16 }).$type<OnlineLevel | null>(),
    onlineUrl: text('online_url'),
    legalBasis: text('legal_basis'),
    /** Fee rules as data (null = fee not verified). */
    fees: jsonb('fees').$type<FeeRule[] | null>(),
    feeNote: text('fee_note'),
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    /** Citizen phrasings of questions this procedure answers. */
    faq: jsonb('faq').$type<string[]>().notNull().default([]),
    reviewedAt: date('reviewed_at', { mode: 'string' }),
    /** Where the procedure's list entry comes from (an official list or portal record). */
    source: text('source'),
    /** Per-fact sources: fees, time, place, documents, legalBasis → documents or portal records. */
    sources: jsonb('sources').$type<FactSources>().notNull().default({}),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('procedures_updated').on(t.updatedAt)],
);

export type ProcedureRow = typeof procedures.$inferSelect;
