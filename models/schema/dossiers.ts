// Dossiers (hồ sơ TTHC) as exported by the provincial one-stop system, and their status history.
// Fields follow docs/domain.md §4 and the import headers of the dossier issue.
import {
  pgTable, text, date, smallint, timestamp, jsonb, varchar, bigserial, index, integer, boolean, uniqueIndex,
} from 'drizzle-orm/pg-core';

export const dossiers = pgTable(
  'dossiers',
  {
    code: varchar('code', { length: 64 }).primaryKey(),
    procedureCode: varchar('procedure_code', { length: 40 }),
    procedureName: text('procedure_name'),
    field: text('field'),
    /** kênh: truc_tuyen | truc_tiep | buu_chinh */
    channel: varchar('channel', { length: 16 }).$type<'truc_tuyen' | 'truc_tiep' | 'buu_chinh'>(),
    /** mức độ of the procedure: toan_trinh | mot_phan | khong */
    onlineLevel: varchar('online_level', { length: 16 }).$type<'toan_trinh' | 'mot_phan' | 'khong'>(),
    /** nguồn: mot_cua | lien_thong | chung_thuc_dien_tu */
    source: varchar('source', { length: 24 }).$type<'mot_cua' | 'lien_thong' | 'chung_thuc_dien_tu'>().notNull().default('mot_cua'),
    receivedDate: date('received_date'),
    dueDate: date('due_date'),
    endDate: date('end_date'),
    returnedDate: date('returned_date'),
    /** National status code 1–10 (docs/domain.md §4.2). */
    status: smallint('status').notNull(),
    /** Kept for verification only; never shown or logged. */
    applicantName: text('applicant_name'),
    applicantPhone: varchar('applicant_phone', { length: 32 }),
    apologyDate: date('apology_date'),
    newDueDate: date('new_due_date'),
    /** Hash of the imported fields, so re-importing the same row changes nothing. */
    contentHash: varchar('content_hash', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dossiers_received').on(t.receivedDate), index('dossiers_end').on(t.endDate), index('dossiers_status').on(t.status)],
);

export const dossierHistory = pgTable(
  'dossier_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierCode: varchar('dossier_code', { length: 64 }).notNull(),
    status: smallint('status').notNull(),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
    source: varchar('source', { length: 16 }).$type<'import' | 'api'>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dossier_history_code').on(t.dossierCode, t.recordedAt)],
);

/** Every look-up attempt (for the lock-out after repeated failures). */
export const dossierLookups = pgTable(
  'dossier_lookups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    dossierCode: varchar('dossier_code', { length: 64 }).notNull(),
    success: boolean('success').notNull(),
    /** ok | mismatch (wrong code or wrong digits, never told apart) | locked (refused while locked out). */
    outcome: varchar('outcome', { length: 16 }).$type<'ok' | 'mismatch' | 'locked'>().notNull().default('mismatch'),
    /** Where the attempt came from (InboundEvent.source, else channel:user): limits a stranger's failures to their source. */
    source: varchar('source', { length: 80 }),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dossier_lookups_user').on(t.channel, t.userId, t.attemptedAt),
    index('dossier_lookups_code').on(t.dossierCode, t.success),
    index('dossier_lookups_source').on(t.source, t.attemptedAt),
  ],
);

/** Citizens who asked to be told when their dossier has a result. */
export const dossierWatches = pgTable(
  'dossier_watches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierCode: varchar('dossier_code', { length: 64 }).notNull(),
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    notifiedStatus: integer('notified_status'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dossier_watches_unique').on(t.dossierCode, t.channel, t.userId)],
);
