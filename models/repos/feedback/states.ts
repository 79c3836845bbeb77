// What a PAKN or support request is and how its status may change: the kinds, the statuses, the
// state machine (TRANSITIONS, checked only in nextStatus and applied only by transition), and the one
// definition of overdue. docs/domain.md §3.
import { and, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db';
import { feedback, feedbackEvents, type FeedbackKind, type FeedbackStatus } from '../../schema/feedback';
import { vnDate } from '../../../core/clock';

export type { FeedbackKind, FeedbackStatus, FeedbackPhoto } from '../../schema/feedback';

export type FeedbackRow = typeof feedback.$inferSelect;
export type FeedbackEventRow = typeof feedbackEvents.$inferSelect;

/** The PAKN kinds a citizen chooses from (issue 5); 'ho_tro' is a support request, not a PAKN. */
export const PAKN_KINDS = ['quy_dinh', 'giai_quyet', 'kien_nghi', 'khac'] as const satisfies readonly FeedbackKind[];
export type PaknKind = (typeof PAKN_KINDS)[number];
export const SUPPORT_KIND = 'ho_tro' as const;
export const ALL_KINDS: readonly FeedbackKind[] = [...PAKN_KINDS, SUPPORT_KIND];
export const ALL_STATUSES: readonly FeedbackStatus[] = ['moi', 'dang_xu_ly', 'da_tra_loi', 'da_dong', 'da_chuyen'];
export const OPEN_STATUSES: readonly FeedbackStatus[] = ['moi', 'dang_xu_ly'];

// The state machine: the ONLY place where a status change is allowed or refused.
// mới tiếp nhận → đang xử lý → đã trả lời → đã đóng; không thuộc thẩm quyền → đã chuyển; reopen.
export type FeedbackAction = 'start' | 'answer' | 'close' | 'transfer' | 'reopen';
export const FEEDBACK_ACTIONS: readonly FeedbackAction[] = ['start', 'answer', 'close', 'transfer', 'reopen'];

export const TRANSITIONS: Readonly<Record<FeedbackStatus, Partial<Record<FeedbackAction, FeedbackStatus>>>> = {
  moi: { start: 'dang_xu_ly', answer: 'da_tra_loi', transfer: 'da_chuyen' },
  dang_xu_ly: { answer: 'da_tra_loi', transfer: 'da_chuyen' },
  // Closing only after an answer keeps "answered + in process + transferred = received" true.
  da_tra_loi: { close: 'da_dong', reopen: 'dang_xu_ly' },
  da_dong: { reopen: 'dang_xu_ly' },
  da_chuyen: { reopen: 'dang_xu_ly' },
};

export class TransitionError extends Error {
  constructor(
    readonly from: FeedbackStatus,
    readonly action: FeedbackAction,
  ) {
    super(`Action "${action}" is not allowed from status "${from}"`);
    this.name = 'TransitionError';
  }
}

/** The target status of an action, or a TransitionError naming why it is refused. */
export function nextStatus(from: FeedbackStatus, action: FeedbackAction): FeedbackStatus {
  const to = TRANSITIONS[from]?.[action];
  if (!to) throw new TransitionError(from, action);
  return to;
}

/** Actions allowed from a status (the inbox shows only these buttons). */
export function allowedActions(from: FeedbackStatus): FeedbackAction[] {
  return FEEDBACK_ACTIONS.filter((a) => TRANSITIONS[from]?.[a]);
}

export interface ChangeOptions {
  at?: Date;
  detail?: Record<string, unknown>;
}

/**
 * Applies a state-machine action. Refused transitions throw TransitionError (checked in nextStatus).
 * The row is locked so that two staff members acting at once cannot both pass the check.
 */
export async function transition(
  db: Db,
  id: number,
  action: FeedbackAction,
  actor: string,
  opts: ChangeOptions & { transferredTo?: string } = {},
): Promise<FeedbackRow> {
  const at = opts.at ?? new Date();
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(feedback).where(eq(feedback.id, id)).for('update');
    if (!current) throw new Error(`feedback ${id} not found`);
    const to = nextStatus(current.status, action);
    const [row] = await tx
      .update(feedback)
      .set({
        status: to,
        updatedAt: at,
        ...(action === 'transfer' ? { transferredTo: opts.transferredTo ?? null } : {}),
      })
      .where(eq(feedback.id, id))
      .returning();
    await tx.insert(feedbackEvents).values({
      feedbackId: id,
      actor,
      action: 'transition',
      fromStatus: current.status,
      toStatus: to,
      detail: { action, ...(opts.transferredTo ? { transferredTo: opts.transferredTo } : {}), ...opts.detail },
      createdAt: at,
    });
    return row!;
  });
}

// "Overdue" (quá hạn) has ONE definition, here: still open (new or being handled) and the due date
// (received date + the working days of DEFAULT_DUE_WORKING_DAYS) is before today. The inbox filter,
// its badge and the dashboard all use it. The quarterly report's "late" figure (feedbackCounts) is a
// different question: answered late, or still open at the period's end.
export function isOverdue(row: Pick<FeedbackRow, 'status' | 'dueDate'>, today = vnDate()): boolean {
  return (OPEN_STATUSES as string[]).includes(row.status) && row.dueDate < today;
}

/** SQL condition of isOverdue. */
export function overdueWhere(today = vnDate()): SQL {
  return and(inArray(feedback.status, [...OPEN_STATUSES]), lt(feedback.dueDate, today))!;
}
