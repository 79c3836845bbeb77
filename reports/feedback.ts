// Petitions (PAKN) of the period, from the complaints inbox (models/repos/feedback.ts).
import type { Db } from '../models/db';

export interface FeedbackFigures {
  received: number;
  answered: number;
  in_process: number;
  transferred: number;
  overdue: number;
  by_kind: Record<string, number>;
  /** False when the complaints module is not installed: the report says so instead of printing zeros. */
  available: boolean;
}

type FeedbackCountsFn = (db: Db, range: { from: string; to: string }) => Promise<Omit<FeedbackFigures, 'available'>>;

// The complaints module lands separately; resolve it at run time so the report works either way.
const FEEDBACK_REPO = '../models/repos/feedback.ts';

export async function loadFeedbackCounts(db: Db, from: string, to: string): Promise<FeedbackFigures> {
  let fn: FeedbackCountsFn | undefined;
  try {
    const mod = (await import(/* @vite-ignore */ new URL(FEEDBACK_REPO, import.meta.url).href)) as { feedbackCounts?: FeedbackCountsFn };
    fn = mod.feedbackCounts;
  } catch {
    fn = undefined;
  }
  if (!fn) return { received: 0, answered: 0, in_process: 0, transferred: 0, overdue: 0, by_kind: {}, available: false };
  const c = await fn(db, { from, to });
  return {
    received: c.received ?? 0,
    answered: c.answered ?? 0,
    in_process: c.in_process ?? 0,
    transferred: c.transferred ?? 0,
    overdue: c.overdue ?? 0,
    by_kind: c.by_kind ?? {},
    available: true,
  };
}
