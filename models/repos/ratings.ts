// Satisfaction ratings: one per dossier (the unique index decides when two arrive at once).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { ratings, type SatisfactionLevel } from '../schema/ratings';

export type { SatisfactionLevel } from '../schema/ratings';
export type NewRating = typeof ratings.$inferInsert;
export const SATISFACTION_LEVELS: readonly SatisfactionLevel[] = ['rat_hai_long', 'hai_long', 'binh_thuong', 'khong_hai_long'];

// Rows per INSERT when importing (keeps statements well under the 65 535 parameter limit: 17 columns).
const IMPORT_BATCH = 1_000;

export async function findRating(db: Db, dossierCode: string) {
  const [row] = await db.select().from(ratings).where(eq(ratings.dossierCode, dossierCode)).limit(1);
  return row;
}

/** Saves a rating; false when the dossier was already rated (the first one stays). */
export async function saveRating(db: Db, rating: NewRating): Promise<boolean> {
  const rows = await db.insert(ratings).values(rating).onConflictDoNothing({ target: ratings.dossierCode }).returning({ id: ratings.id });
  return rows.length > 0;
}

/** Inserts many ratings; those of dossiers already rated are skipped and counted. */
export async function importRatings(
  db: Db,
  rows: NewRating[],
  onProgress?: (done: number) => void,
): Promise<{ inserted: number; duplicates: number }> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
    const part = rows.slice(i, i + IMPORT_BATCH);
    const done = await db.insert(ratings).values(part).onConflictDoNothing({ target: ratings.dossierCode }).returning({ id: ratings.id });
    inserted += done.length;
    onProgress?.(Math.min(i + IMPORT_BATCH, rows.length));
  }
  return { inserted, duplicates: rows.length - inserted };
}

/** How many of these codes exist as dossiers (paper forms may name dossiers of other systems). */
export async function countKnownDossiers(db: Db, codes: string[]): Promise<number> {
  if (!codes.length) return 0;
  const result = (await db.execute(
    sql`select count(*)::int as n from dossiers where code = any(${sql.param(codes)}::varchar[])`,
  )) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

/** Receipt date of each of these dossiers that exists (null when the dossier has none). */
export async function receivedDates(db: Db, codes: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(codes)];
  // Batches keep the array parameter small on imports of many thousand forms.
  for (let i = 0; i < unique.length; i += 5_000) {
    const result = (await db.execute(
      sql`select code, received_date::text as r from dossiers where code = any(${sql.param(unique.slice(i, i + 5_000))}::varchar[])`,
    )) as unknown as { rows: { code: string; r: string | null }[] };
    for (const row of result.rows) out.set(row.code, row.r);
  }
  return out;
}
