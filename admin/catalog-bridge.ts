// The admin's view of the procedure catalog. Until the knowledge module publishes its catalog
// API this reads and writes the procedures table directly; keep every catalog access here so
// the switch is one file.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { procedures } from '../models/schema/procedures';
import { fold } from '../knowledge/normalize';

export interface ProcedureOption {
  code: string;
  name: string;
}

export const catalog = {
  async options(db: Db): Promise<ProcedureOption[]> {
    return db.select({ code: procedures.code, name: procedures.name }).from(procedures).orderBy(asc(procedures.name));
  },
  async exists(db: Db, code: string): Promise<boolean> {
    const [row] = await db.select({ code: procedures.code }).from(procedures).where(eq(procedures.code, code));
    return Boolean(row);
  },
  /** Adds a phrasing as an alias (no duplicate by folded text). Returns false when already there. */
  async addAlias(db: Db, code: string, alias: string): Promise<boolean> {
    const [row] = await db.select({ aliases: procedures.aliases }).from(procedures).where(eq(procedures.code, code));
    if (!row) return false;
    if (row.aliases.some((a) => fold(a) === fold(alias))) return false;
    await db.update(procedures).set({ aliases: [...row.aliases, alias], updatedAt: sql`now()` }).where(eq(procedures.code, code));
    return true;
  },
};
