// Operational state shared by every instance: the readiness probe's write, the last backup taken.
import { pgTable, varchar, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per key ('readyz', 'last_backup'); small and rewritten in place. */
export const opsState = pgTable('ops_state', {
  key: varchar('key', { length: 32 }).primaryKey(),
  value: text('value'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
