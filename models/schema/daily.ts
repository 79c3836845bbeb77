// Tables of the staff's everyday tools: answer drafts kept across an expired session, canned
// replies for the inbox, settings edited in the admin (the environment gives the initial values),
// and the commune's questions and answers written by staff (not tied to a procedure).
import { pgTable, serial, text, timestamp, jsonb, integer, boolean, varchar, primaryKey } from 'drizzle-orm/pg-core';
import { adminUsers } from './admin';

/** One draft per user and form (e.g. 'inbox:42:answer'); clearedAt marks the last accepted send. */
export const adminDrafts = pgTable(
  'admin_drafts',
  {
    userId: integer('user_id').notNull().references(() => adminUsers.id, { onDelete: 'cascade' }),
    key: varchar('key', { length: 120 }).notNull(),
    text: text('text').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/** Saved answers staff reuse in the inbox (shared by the office). */
export const cannedReplies = pgTable('canned_replies', {
  id: serial('id').primaryKey(),
  title: varchar('title', { length: 120 }).notNull(),
  text: text('text').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A setting changed in the admin; a key absent here takes its value from the environment. */
export const appSettings = pgTable('app_settings', {
  key: varchar('key', { length: 64 }).primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Commune information citizens ask about (office hours, parking, hotline…), written by staff. */
export const faqEntries = pgTable('faq_entries', {
  id: serial('id').primaryKey(),
  question: text('question').notNull(),
  /** Other phrasings, one per line. */
  variants: text('variants').notNull().default(''),
  answer: text('answer').notNull(),
  active: boolean('active').notNull().default(true),
  /** Unanswered question this entry was written for, when it came from the review. */
  fromUnanswered: integer('from_unanswered'),
  updatedBy: text('updated_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
});
