// Tables of the conversation engine: events, sessions, the message log, unanswered questions,
// and the outbound queue every message that leaves passes through.
import {
  pgTable, serial, text, timestamp, jsonb, integer, uniqueIndex, index, bigserial, varchar,
} from 'drizzle-orm/pg-core';
import type { Button } from '../../core/types';

/** Every inbound event id, unique per channel: a re-delivered event is dropped. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: varchar('channel', { length: 16 }).notNull(),
    eventId: text('event_id').notNull(),
    userId: text('user_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    // Set in the same statement that saves the turn (session, log, reply rows): an event whose turn did
    // not finish is handled again when it comes back, not dropped as a duplicate.
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('inbound_events_channel_event').on(t.channel, t.eventId)],
);

/**
 * Platform webhook events, stored before the webhook is answered 200 (store-then-ack): a crash after the
 * 200 cannot lose the citizen's message, because the event is handled from this table, and events not
 * done are picked up again at start and after a lease. Unique on the platform's id (re-deliveries).
 */
export const inboundQueue = pgTable(
  'inbound_queue',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: varchar('channel', { length: 16 }).notNull(),
    eventId: text('event_id').notNull(),
    userId: text('user_id').notNull(),
    event: jsonb('event').notNull(),
    attempts: integer('attempts').notNull().default(0),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('inbound_queue_channel_event').on(t.channel, t.eventId), index('inbound_queue_open').on(t.doneAt, t.id)],
);

/** One conversation per (channel, userId): language, active dialog, memory of the last answer. */
export const sessions = pgTable(
  'sessions',
  {
    id: serial('id').primaryKey(),
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    lang: varchar('lang', { length: 5 }).notNull().default('vi'),
    dialog: jsonb('dialog').$type<{ name: string; step: string; state: Record<string, unknown> } | null>(),
    memory: jsonb('memory').$type<Record<string, unknown>>().notNull().default({}),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sessions_channel_user').on(t.channel, t.userId)],
);

/** The conversation log, both directions (the inbox shows it; the dashboard counts it). */
export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    direction: varchar('direction', { length: 3 }).$type<'in' | 'out'>().notNull(),
    text: text('text').notNull(),
    intent: varchar('intent', { length: 32 }),
    // The buttons of an answer, so a reopened web chat shows them again (GET /api/webchat/history).
    buttons: jsonb('buttons').$type<Button[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('messages_user').on(t.channel, t.userId, t.createdAt), index('messages_created').on(t.createdAt)],
);

export type UnansweredKind = 'unanswered' | 'low_confidence' | 'choices';

/** What the assistant could not answer, grouped by normalised text, for staff review. */
export const unansweredQuestions = pgTable(
  'unanswered_questions',
  {
    id: serial('id').primaryKey(),
    normalized: text('normalized').notNull(),
    text: text('text').notNull(),
    count: integer('count').notNull().default(1),
    status: varchar('status', { length: 16 }).$type<'open' | 'handled' | 'aliased' | 'answered'>().notNull().default('open'),
    procedureCode: varchar('procedure_code', { length: 32 }),
    /**
     * Why it is in the review: not answered ('unanswered'), answered with low confidence
     * ('low_confidence'), or answered with "Ý anh/chị là:" choices ('choices').
     */
    kind: varchar('kind', { length: 16 }).$type<UnansweredKind>().notNull().default('unanswered'),
    /** What the assistant answered or offered (codes and names), for low confidence and choices. */
    answered: text('answered'),
    firstAskedAt: timestamp('first_asked_at', { withTimezone: true }).notNull().defaultNow(),
    lastAskedAt: timestamp('last_asked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('unanswered_normalized').on(t.normalized)],
);

/**
 * Every message pushed to a citizen outside the request/response of a conversation
 * (staff answers, notifications, publications) is a row here before it is a request.
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    kind: varchar('kind', { length: 16 }).$type<'reply' | 'notification' | 'invitation' | 'staff' | 'broadcast'>().notNull(),
    replies: jsonb('replies').notNull(),
    status: varchar('status', { length: 16 })
      .$type<'pending' | 'sending' | 'sent' | 'waiting' | 'failed' | 'dropped'>()
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    // When a sender claimed the row ('sending'): a row still sending long after is from a dead process.
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    platformMessageId: text('platform_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbound_due').on(t.status, t.nextAttemptAt), index('outbound_user').on(t.channel, t.userId)],
);

/**
 * Who is running a turn of this (channel, user) now, across instances (PostgreSQL): a turn takes the row
 * before it reads the session and gives it back after it wrote it, so two quick messages handled by two
 * processes run one after the other and no dialog step is lost. A dead process's row expires.
 */
export const turnLocks = pgTable(
  'turn_locks',
  {
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    owner: text('owner').notNull(),
    until: timestamp('until', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('turn_locks_user').on(t.channel, t.userId)],
);
