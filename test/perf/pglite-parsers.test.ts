// drizzle's parsers (timestamps, dates and intervals kept as text) are set once on the PGlite client
// instead of going with every statement (models/db.ts, issue 17): values read through drizzle are
// what they were, in a transaction too, and on PostgreSQL alike.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useTestDatabase } from '../helpers/db';

const d = useTestDatabase({ reset: false });

const QUERY = sql`select timestamp '2026-11-30 23:45:01' as ts, timestamptz '2026-11-30 23:45:01+07' as tz,
  date '2026-11-30' as day, interval '1 day 2 hours' as span, array[date '2026-11-30'] as days, 7::int as n`;
type Row = Record<string, unknown>;

function expectText(row: Row | undefined) {
  expect(row?.ts).toBe('2026-11-30 23:45:01');
  expect(typeof row?.tz).toBe('string');
  expect(row?.day).toBe('2026-11-30');
  expect(row?.span).toBe('1 day 02:00:00');
  expect(row?.days).toBe('{2026-11-30}');
  // Other types keep the engine's parsing.
  expect(row?.n).toBe(7);
}

it('reads timestamps, dates and intervals as text through drizzle, alone and in a transaction', async () => {
  expectText(((await d.db.execute(QUERY)) as unknown as { rows: Row[] }).rows[0]);
  const inTx = await d.db.transaction(async (tx) => ((await tx.execute(QUERY)) as unknown as { rows: Row[] }).rows[0]);
  expectText(inTx);
});
