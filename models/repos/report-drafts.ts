// Report drafts: one per period (unique index). Editing an approved draft is refused; an official
// reopens it first, which drops the frozen figures.
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { reportDrafts, type DraftFigure, type DraftText, type ReportDraftRow } from '../schema/reports';

export type { DraftFigure, DraftText, DraftItemState, ReportDraftRow } from '../schema/reports';

export class DraftStateError extends Error {
  constructor(readonly state: string) {
    super(`report draft is ${state}`);
  }
}

export async function findDraft(db: Db, from: string, to: string): Promise<ReportDraftRow | undefined> {
  const [row] = await db.select().from(reportDrafts).where(and(eq(reportDrafts.periodFrom, from), eq(reportDrafts.periodTo, to))).limit(1);
  return row;
}

/** The latest draft of the same kind that ended before `from` (else of any kind). */
export async function previousDraft(db: Db, kind: string, from: string): Promise<ReportDraftRow | undefined> {
  const [same] = await db
    .select()
    .from(reportDrafts)
    .where(and(eq(reportDrafts.kind, kind), lt(reportDrafts.periodTo, from)))
    .orderBy(desc(reportDrafts.periodTo))
    .limit(1);
  if (same) return same;
  const [any] = await db.select().from(reportDrafts).where(lt(reportDrafts.periodTo, from)).orderBy(desc(reportDrafts.periodTo)).limit(1);
  return any;
}

export interface NewDraft {
  periodFrom: string;
  periodTo: string;
  kind: string;
  label: string;
  texts: Record<string, DraftText>;
  figures: Record<string, DraftFigure>;
  carriedFrom: string | null;
  updatedBy: string | null;
}

/** Creates the draft unless one exists for the period (two people opening it at once get the same). */
export async function insertDraft(db: Db, d: NewDraft): Promise<ReportDraftRow> {
  await db.insert(reportDrafts).values(d).onConflictDoNothing({ target: [reportDrafts.periodFrom, reportDrafts.periodTo] });
  return (await findDraft(db, d.periodFrom, d.periodTo))!;
}

/** Saves edited texts and figures; refused (DraftStateError) once approved. */
export async function saveDraftEdits(
  db: Db,
  id: number,
  edits: { texts: Record<string, DraftText>; figures: Record<string, DraftFigure> },
  user: string,
): Promise<ReportDraftRow> {
  const rows = await db
    .update(reportDrafts)
    .set({ texts: edits.texts, figures: edits.figures, updatedBy: user, updatedAt: sql`now()` })
    .where(and(eq(reportDrafts.id, id), eq(reportDrafts.state, 'draft')))
    .returning();
  if (!rows[0]) throw new DraftStateError('approved');
  return rows[0];
}

export async function approveDraft(db: Db, id: number, figures: Record<string, unknown>, user: string): Promise<ReportDraftRow> {
  const rows = await db
    .update(reportDrafts)
    .set({ state: 'approved', approvedFigures: figures, approvedBy: user, approvedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(reportDrafts.id, id), eq(reportDrafts.state, 'draft')))
    .returning();
  if (!rows[0]) throw new DraftStateError('approved');
  return rows[0];
}

export async function reopenDraft(db: Db, id: number, user: string): Promise<ReportDraftRow> {
  const rows = await db
    .update(reportDrafts)
    .set({ state: 'draft', approvedFigures: null, approvedBy: null, approvedAt: null, updatedBy: user, updatedAt: sql`now()` })
    .where(and(eq(reportDrafts.id, id), eq(reportDrafts.state, 'approved')))
    .returning();
  if (!rows[0]) throw new DraftStateError('draft');
  return rows[0];
}
