// The admin's few uses of the procedure catalog outside the catalog page, through the knowledge
// module's catalog API (knowledge/catalog.ts), which refreshes the assistant's index on change.
import type { Db } from '../models/db';
import { addAlias, getProcedure, listProcedures } from '../knowledge/catalog';
import { fold } from '../knowledge/normalize';
import { catalogUnderstanding } from '../knowledge/understand';

export interface ProcedureOption {
  code: string;
  name: string;
}

export const catalog = {
  async options(db: Db): Promise<ProcedureOption[]> {
    const rows = await listProcedures(db);
    return rows.map((p) => ({ code: p.code, name: p.name }));
  },
  async exists(db: Db, code: string): Promise<boolean> {
    return (await getProcedure(db, code)) !== null;
  },
  /** Adds a phrasing as an alias; false when the procedure already had it. */
  async addAlias(db: Db, code: string, alias: string): Promise<boolean> {
    const before = await getProcedure(db, code);
    if (!before) return false;
    const had = before.aliases.some((a) => fold(a) === fold(alias));
    await addAlias(db, code, alias);
    return !had;
  },
  /** Whether the assistant now takes `text` for this procedure (its best candidate). */
  async recognises(db: Db, text: string, code: string): Promise<boolean> {
    const analysis = await catalogUnderstanding(db).analyze(text, {});
    return analysis.procedures[0]?.code === code;
  },
};
