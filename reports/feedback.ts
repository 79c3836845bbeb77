// Petitions (PAKN) of the period, from the complaints inbox (models/repos/feedback/).
import type { Db } from '../models/db';
import { feedbackCounts } from '../models/repos/feedback/counts';

export interface FeedbackFigures {
  received: number;
  answered: number;
  in_process: number;
  transferred: number;
  overdue: number;
  by_kind: Record<string, number>;
  /** False when the inbox could not be read: the report says so instead of printing zeros silently. */
  available: boolean;
}

export async function loadFeedbackCounts(db: Db, from: string, to: string): Promise<FeedbackFigures> {
  const c = await feedbackCounts(db, { from, to });
  return { ...c, by_kind: { ...c.by_kind }, available: true };
}
