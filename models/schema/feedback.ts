// Complaints and petitions (phản ánh, kiến nghị – PAKN, docs/domain.md §3) and support requests
// ("gặp cán bộ"): one inbox for staff, one audit trail of every change.
import {
  pgTable, serial, text, date, timestamp, jsonb, varchar, boolean, integer, bigserial, index, primaryKey, uniqueIndex,
} from 'drizzle-orm/pg-core';

/** PAKN kinds offered to the citizen, plus 'ho_tro' for a support request (not a PAKN). */
export type FeedbackKind = 'quy_dinh' | 'giai_quyet' | 'kien_nghi' | 'khac' | 'ho_tro';

/** Internal states (docs/domain.md §3.3 suggests these; transitions: TRANSITIONS in models/repos/feedback/states.ts). */
export type FeedbackStatus = 'moi' | 'dang_xu_ly' | 'da_tra_loi' | 'da_dong' | 'da_chuyen';

export interface FeedbackPhoto {
  /** Web address of the image (Zalo, Messenger). */
  url?: string;
  /** Platform file id when the platform gives no address (Telegram file_id). */
  fileId?: string;
  channel?: string;
  size?: number;
}

export const feedback = pgTable(
  'feedback',
  {
    id: serial('id').primaryKey(),
    /** PA-YYYYMMDD-NNNN (PAKN) or HT-YYYYMMDD-NNNN (support request). */
    code: varchar('code', { length: 20 }).notNull().unique(),
    kind: varchar('kind', { length: 16 }).$type<FeedbackKind>().notNull(),
    status: varchar('status', { length: 16 }).$type<FeedbackStatus>().notNull().default('moi'),
    /** Where the citizen wrote from; staff answers go back there. */
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    lang: varchar('lang', { length: 5 }).notNull().default('vi'),
    content: text('content').notNull(),
    photos: jsonb('photos').$type<FeedbackPhoto[]>().notNull().default([]),
    /** Personal data (NĐ 20/2008 Art. 7): shown to staff only, never logged. */
    name: text('name'),
    address: text('address'),
    phone: varchar('phone', { length: 32 }),
    isPublic: boolean('is_public').notNull().default(false),
    /** Receipt date in Asia/Ho_Chi_Minh: periods compare dates (docs/domain.md §1.4). */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    receivedDate: date('received_date').notNull(),
    dueDate: date('due_date').notNull(),
    assignedTo: text('assigned_to'),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: text('answered_by'),
    transferredTo: text('transferred_to'),
    /** Last message of the citizen (support requests: shows unread in the inbox). */
    lastCitizenAt: timestamp('last_citizen_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The chat form's run that filed it: a second "Gửi" of the same form (double tap, retry) finds
     * this row instead of filing again. Null for support requests and rows filed otherwise.
     */
    formKey: varchar('form_key', { length: 24 }),
  },
  (t) => [
    uniqueIndex('feedback_form_key').on(t.formKey),
    index('feedback_received').on(t.receivedDate),
    index('feedback_status').on(t.status, t.dueDate),
    index('feedback_user').on(t.channel, t.userId, t.receivedAt),
  ],
);

/** Audit trail: every change, who made it and when; internal notes are events too. */
export const feedbackEvents = pgTable(
  'feedback_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    feedbackId: integer('feedback_id')
      .notNull()
      .references(() => feedback.id, { onDelete: 'cascade' }),
    /** 'citizen', 'system' or the staff member's login. */
    actor: text('actor').notNull(),
    action: varchar('action', { length: 24 })
      .$type<'created' | 'transition' | 'assign' | 'note' | 'answer' | 'message' | 'citizen_message'>()
      .notNull(),
    fromStatus: varchar('from_status', { length: 16 }).$type<FeedbackStatus>(),
    toStatus: varchar('to_status', { length: 16 }).$type<FeedbackStatus>(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_events_item').on(t.feedbackId, t.createdAt)],
);

/** Daily sequence per code prefix: PA-20240614-0001, -0002, … (reset every day). */
export const feedbackCounters = pgTable(
  'feedback_counters',
  {
    prefix: varchar('prefix', { length: 4 }).notNull(),
    day: date('day').notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.day] })],
);
