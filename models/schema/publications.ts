// The weekly publication of dossier results (công khai kết quả giải quyết TTHC), its approval trail,
// and one delivery row per (publication, subscriber): every message is a row before it is a request.
import {
  pgTable, serial, text, timestamp, jsonb, integer, varchar, date, bigserial, uniqueIndex, index,
} from 'drizzle-orm/pg-core';

/** Publication life cycle; the allowed moves are the table in models/repos/publications.ts. */
export type PublicationState = 'draft' | 'submitted' | 'approved' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

/** Delivery life cycle; the allowed moves are the table in models/repos/deliveries.ts. */
export type DeliveryState =
  | 'pending' // due to be sent at next_attempt_at
  | 'sending' // claimed by a worker, request may be in flight (attempt_key identifies the claim)
  | 'sent'
  | 'waiting' // out of the platform's window: sent when the subscriber writes again
  | 'failed' // gave up (invalid request, or retries exhausted)
  | 'unsubscribed' // the subscriber left or blocked us before it went out
  | 'superseded'; // a newer publication replaced it while it was waiting

/** Figures and lists pre-filled from the week's dossiers (no personal data). */
export interface PublicationContent {
  week: string;
  from: string;
  to: string;
  received: number;
  resolved: { total: number; early: number; onTime: number; late: number };
  inProcess: { total: number; onTime: number; overdue: number };
  ready: { code: string; procedure: string }[];
}

export const publications = pgTable(
  'publications',
  {
    id: serial('id').primaryKey(),
    /** ISO week in Asia/Ho_Chi_Minh, e.g. 2024-W24. */
    week: varchar('week', { length: 8 }).notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    state: varchar('state', { length: 16 }).$type<PublicationState>().notNull().default('draft'),
    content: jsonb('content').$type<PublicationContent>().notNull(),
    /** The message text per language; officials may edit it while it is a draft. */
    texts: jsonb('texts').$type<{ vi: string; en: string }>().notNull(),
    createdBy: text('created_by').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** When the send starts (null = at the next scheduled run). */
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    sendingAt: timestamp('sending_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('publications_state').on(t.state), index('publications_week').on(t.week)],
);

/** Who moved a publication from which state to which, and when (the approval trail). */
export const publicationEvents = pgTable(
  'publication_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    publicationId: integer('publication_id').notNull(),
    fromState: varchar('from_state', { length: 16 }),
    toState: varchar('to_state', { length: 16 }).notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('publication_events_pub').on(t.publicationId, t.at)],
);

export const publicationDeliveries = pgTable(
  'publication_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    publicationId: integer('publication_id').notNull(),
    subscriberId: integer('subscriber_id').notNull(),
    /** Copied from the subscriber so the worker needs no join to address the message. */
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    state: varchar('state', { length: 16 }).$type<DeliveryState>().notNull().default('pending'),
    /** New random key per claim: only the claim holding it may record the outcome (fencing). */
    attemptKey: varchar('attempt_key', { length: 40 }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    platformMessageId: text('platform_message_id'),
    /** Whether the send used the platform's paid/proactive quota (Zalo 48 h–7 d). */
    paid: integer('paid').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('publication_deliveries_unique').on(t.publicationId, t.subscriberId),
    index('publication_deliveries_due').on(t.state, t.channel, t.nextAttemptAt),
    index('publication_deliveries_pub_state').on(t.publicationId, t.state),
    index('publication_deliveries_user').on(t.channel, t.userId, t.state),
  ],
);
