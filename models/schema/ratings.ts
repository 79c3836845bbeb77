// Satisfaction ratings of dossiers (TT 01/2018/TT-VPCP Art. 13–15, docs/domain.md §2.1).
// One rating per dossier; it counts in the report period of its date (ngay_danh_gia).
import { pgTable, bigserial, varchar, date, smallint, text, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';

export type SatisfactionLevel = 'rat_hai_long' | 'hai_long' | 'binh_thuong' | 'khong_hai_long';

export const ratings = pgTable(
  'ratings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierCode: varchar('dossier_code', { length: 64 }).notNull(),
    /** ngày đánh giá: decides the report period the form counts in. */
    ratedOn: date('rated_on').notNull(),
    // The nine indices, 0/1/2 points each; null = no data (left out of the index average).
    idx1: smallint('idx1'),
    idx2: smallint('idx2'),
    idx3: smallint('idx3'),
    idx4: smallint('idx4'),
    idx5: smallint('idx5'),
    idx6: smallint('idx6'),
    idx7: smallint('idx7'),
    idx8: smallint('idx8'),
    idx9: smallint('idx9'),
    level: varchar('level', { length: 16 }).$type<SatisfactionLevel>(),
    /** Where the form came from: the chat dialog, or an import of paper/kiosk forms. */
    origin: varchar('origin', { length: 8 }).$type<'chat' | 'import'>().notNull(),
    channel: varchar('channel', { length: 16 }),
    userId: text('user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ratings_dossier').on(t.dossierCode), index('ratings_rated_on').on(t.ratedOn)],
);

/**
 * Invitations to rate already queued, one per (dossier, channel, user): the listener and the
 * periodic sweep (and several instances) may all see the same finished dossier; only one invites.
 */
export const ratingInvitations = pgTable(
  'rating_invitations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierCode: varchar('dossier_code', { length: 64 }).notNull(),
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rating_invitations_unique').on(t.dossierCode, t.channel, t.userId)],
);
