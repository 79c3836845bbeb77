// Complaints and petitions (PAKN) and support requests: storage, the state machine, the audit
// trail, staff answers to the citizen's channel, and the period counts the quarterly report uses.
import { and, asc, desc, eq, gte, inArray, lt, lte, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { containsSql } from '../fold-sql';
import type { Db } from '../db';
import {
  feedback, feedbackCounters, feedbackEvents, type FeedbackKind, type FeedbackPhoto, type FeedbackStatus,
} from '../schema/feedback';
import { messages } from '../schema/core';
import { enqueueOutbound } from './outbound';
import type { ChannelName, Lang, Reply } from '../../core/types';
import { addDays, isoWeekday, VN_TIME_ZONE } from '../../core/clock';
import { vnDate } from '../../core/clock';

export { addDays, vnDate } from '../../core/clock';

export type { FeedbackKind, FeedbackStatus, FeedbackPhoto } from '../schema/feedback';
export type FeedbackRow = typeof feedback.$inferSelect;
export type FeedbackEventRow = typeof feedbackEvents.$inferSelect;

/** The PAKN kinds a citizen chooses from (issue 5); 'ho_tro' is a support request, not a PAKN. */
export const PAKN_KINDS = ['quy_dinh', 'giai_quyet', 'kien_nghi', 'khac'] as const satisfies readonly FeedbackKind[];
export type PaknKind = (typeof PAKN_KINDS)[number];
export const SUPPORT_KIND = 'ho_tro' as const;
export const ALL_KINDS: readonly FeedbackKind[] = [...PAKN_KINDS, SUPPORT_KIND];
export const ALL_STATUSES: readonly FeedbackStatus[] = ['moi', 'dang_xu_ly', 'da_tra_loi', 'da_dong', 'da_chuyen'];
export const OPEN_STATUSES: readonly FeedbackStatus[] = ['moi', 'dang_xu_ly'];

export const TIME_ZONE = VN_TIME_ZONE;

// ---------------------------------------------------------------------------------------------
// The state machine: the ONLY place where a status change is allowed or refused.
// mới tiếp nhận → đang xử lý → đã trả lời → đã đóng; không thuộc thẩm quyền → đã chuyển; reopen.
// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Dates: everything a person sees, and every period, is in Asia/Ho_Chi_Minh.
// ---------------------------------------------------------------------------------------------
/** The date n working days after `from` (working days = office days; public holidays not known). */
export function addWorkingDays(from: string, n: number, officeDays: readonly number[]): string {
  let day = from;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (officeDays.includes(isoWeekday(day))) left--;
  }
  return day;
}

/** "quy_dinh=10,giai_quyet=5" → per-kind working days, unknown kinds ignored, defaults kept. */
export function parseDueDays(spec: string, defaults: Record<FeedbackKind, number>): Record<FeedbackKind, number> {
  const out = { ...defaults };
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && v && (ALL_KINDS as readonly string[]).includes(k) && /^\d+$/.test(v)) out[k as FeedbackKind] = Number(v);
  }
  return out;
}

// The answer deadline for a commune is not fixed by NĐ 20/2008 (docs/domain.md §3.1: suggested
// default 10 working days, to be confirmed by the district); conduct complaints are transferred
// within 03–05 working days in ministry practice, hence 5; a support request within 1 working day.
export const DEFAULT_DUE_WORKING_DAYS: Record<FeedbackKind, number> = {
  quy_dinh: 10,
  giai_quyet: 5,
  kien_nghi: 10,
  khac: 10,
  ho_tro: 1,
};

// ---------------------------------------------------------------------------------------------
// Creation
// ---------------------------------------------------------------------------------------------
export interface NewFeedback {
  kind: FeedbackKind;
  channel: ChannelName;
  userId: string;
  lang: Lang;
  content: string;
  photos?: FeedbackPhoto[];
  name?: string | null;
  address?: string | null;
  phone?: string | null;
  isPublic?: boolean;
  /** The chat form's run id: filing again with the same key returns the first row (see createFeedback). */
  formKey?: string;
}

export interface CreateOptions {
  dueDays: Record<FeedbackKind, number>;
  officeDays: readonly number[];
  /** The moment of receipt (tests pass a fixed one). */
  now?: Date;
}

export function codePrefix(kind: FeedbackKind): 'PA' | 'HT' {
  return kind === SUPPORT_KIND ? 'HT' : 'PA';
}

/** A second filing of the same form run: rolls the transaction back (no code is used up). */
class AlreadyFiled extends Error {}

/**
 * Stores the item, its code and its 'created' audit event in one transaction. Idempotent on
 * `formKey`: a second filing of the same form (double tap on "Gửi", a retried turn, two processes at
 * once) returns the row the first one stored, and files nothing.
 */
export async function createFeedback(db: Db, input: NewFeedback, opts: CreateOptions): Promise<FeedbackRow> {
  if (input.formKey) {
    const earlier = await findByFormKey(db, input.formKey);
    if (earlier) return earlier;
  }
  try {
    return await insertFeedback(db, input, opts);
  } catch (err) {
    if (!(err instanceof AlreadyFiled) || !input.formKey) throw err;
    return (await findByFormKey(db, input.formKey))!;
  }
}

/** The item a chat form run filed, if it did. */
export async function findByFormKey(db: Db, formKey: string): Promise<FeedbackRow | undefined> {
  const [row] = await db.select().from(feedback).where(eq(feedback.formKey, formKey));
  return row;
}

async function insertFeedback(db: Db, input: NewFeedback, opts: CreateOptions): Promise<FeedbackRow> {
  const now = opts.now ?? new Date();
  const day = vnDate(now);
  const prefix = codePrefix(input.kind);
  return db.transaction(async (tx) => {
    // One row per (prefix, day): the upsert serialises concurrent submissions, so codes never repeat.
    const [counter] = await tx
      .insert(feedbackCounters)
      .values({ prefix, day, last: 1 })
      .onConflictDoUpdate({ target: [feedbackCounters.prefix, feedbackCounters.day], set: { last: sql`${feedbackCounters.last} + 1` } })
      .returning({ last: feedbackCounters.last });
    const code = `${prefix}-${day.replaceAll('-', '')}-${String(counter!.last).padStart(4, '0')}`;
    const [row] = await tx
      .insert(feedback)
      .values({
        code,
        kind: input.kind,
        channel: input.channel,
        userId: input.userId,
        lang: input.lang,
        content: input.content,
        photos: input.photos ?? [],
        name: input.name ?? null,
        address: input.address ?? null,
        phone: input.phone ?? null,
        isPublic: input.isPublic ?? false,
        receivedAt: now,
        receivedDate: day,
        dueDate: addWorkingDays(day, opts.dueDays[input.kind], opts.officeDays),
        lastCitizenAt: now,
        updatedAt: now,
        formKey: input.formKey ?? null,
      })
      // The unique form key waits for a concurrent filing of the same run, then finds it there.
      .onConflictDoNothing({ target: feedback.formKey })
      .returning();
    if (!row) throw new AlreadyFiled();
    await tx.insert(feedbackEvents).values({
      feedbackId: row!.id,
      actor: 'citizen',
      action: 'created',
      toStatus: 'moi',
      detail: { kind: input.kind, channel: input.channel },
      createdAt: now,
    });
    return row!;
  });
}

/** PAKN filed by this user on a given day (the per-day limit). */
export async function countSubmissionsOn(db: Db, channel: ChannelName, userId: string, day: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(feedback)
    .where(and(eq(feedback.channel, channel), eq(feedback.userId, userId), eq(feedback.receivedDate, day), ne(feedback.kind, SUPPORT_KIND)));
  return row?.n ?? 0;
}

export const CODE_PATTERN = /\b(PA|HT)-(\d{8})-(\d{4})\b/i;

export async function findByCode(db: Db, code: string): Promise<FeedbackRow | undefined> {
  const [row] = await db.select().from(feedback).where(eq(feedback.code, code.toUpperCase()));
  return row;
}

export async function getFeedback(db: Db, id: number): Promise<FeedbackRow | undefined> {
  const [row] = await db.select().from(feedback).where(eq(feedback.id, id));
  return row;
}

/** The open support request of a user, if any. */
export async function openSupportRequest(db: Db, channel: ChannelName, userId: string): Promise<FeedbackRow | undefined> {
  const [row] = await db
    .select()
    .from(feedback)
    .where(
      and(
        eq(feedback.channel, channel),
        eq(feedback.userId, userId),
        eq(feedback.kind, SUPPORT_KIND),
        inArray(feedback.status, ['moi', 'dang_xu_ly', 'da_tra_loi']),
      ),
    )
    .orderBy(desc(feedback.receivedAt))
    .limit(1);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Changes by staff (every one leaves an audit event)
// ---------------------------------------------------------------------------------------------
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

export async function assignFeedback(db: Db, id: number, actor: string, assignee: string | null, at = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ assignedTo: feedback.assignedTo }).from(feedback).where(eq(feedback.id, id)).for('update');
    if (!current) throw new Error(`feedback ${id} not found`);
    await tx.update(feedback).set({ assignedTo: assignee, updatedAt: at }).where(eq(feedback.id, id));
    await tx.insert(feedbackEvents).values({
      feedbackId: id, actor, action: 'assign', detail: { from: current.assignedTo, to: assignee }, createdAt: at,
    });
  });
}

/** Internal notes are audit events that the citizen never sees. */
export async function addNote(db: Db, id: number, actor: string, text: string, at = new Date()): Promise<void> {
  await db.insert(feedbackEvents).values({ feedbackId: id, actor, action: 'note', detail: { text }, createdAt: at });
}

/** What the citizen receives when staff answer (built by the caller in the citizen's language). */
export type AnswerRenderer = (row: FeedbackRow, text: string) => Reply[];

/**
 * A staff answer: moves the item to "đã trả lời" (via the state machine) when it is open,
 * stores the answer, and queues it to the citizen's channel (outbound kind 'staff').
 * A later message on an already answered support request is just delivered and logged.
 */
export async function answerFeedback(
  db: Db,
  id: number,
  actor: string,
  text: string,
  render: AnswerRenderer,
  at = new Date(),
): Promise<FeedbackRow> {
  const current = await getFeedback(db, id);
  if (!current) throw new Error(`feedback ${id} not found`);
  let row = current;
  if ((OPEN_STATUSES as string[]).includes(current.status)) {
    row = await transition(db, id, 'answer', actor, { at });
  } else if (current.kind !== SUPPORT_KIND || current.status !== 'da_tra_loi') {
    // Answering a closed or transferred PAKN goes through the table too, and is refused there.
    nextStatus(current.status, 'answer');
  }
  const [updated] = await db
    .update(feedback)
    .set({
      answer: current.kind === SUPPORT_KIND && current.answer ? `${current.answer}\n\n${text}` : text,
      answeredAt: at,
      answeredBy: actor,
      updatedAt: at,
    })
    .where(eq(feedback.id, id))
    .returning();
  row = updated!;
  await db.insert(feedbackEvents).values({ feedbackId: id, actor, action: 'answer', detail: { length: text.length }, createdAt: at });
  const replies = render(row, text);
  await enqueueOutbound(db, { channel: row.channel as ChannelName, userId: row.userId, kind: 'staff', replies });
  // The conversation log shows the staff answer among the citizen's messages.
  await db.insert(messages).values(
    replies.map((r) => ({ channel: row.channel, userId: row.userId, direction: 'out' as const, text: r.text, intent: 'staff', createdAt: at })),
  );
  return row;
}

/**
 * A citizen wrote again on a support request: mark it unread; reopen it if it had been answered.
 * Photos sent in that chat are added to the request (at most `maxPhotos` kept).
 */
export async function citizenWroteAgain(
  db: Db,
  id: number,
  at = new Date(),
  extra: { photos?: FeedbackPhoto[]; maxPhotos?: number } = {},
): Promise<FeedbackRow> {
  const current = await getFeedback(db, id);
  if (!current) throw new Error(`feedback ${id} not found`);
  if (current.status === 'da_tra_loi') await transition(db, id, 'reopen', 'citizen', { at, detail: { reason: 'citizen_message' } });
  const photos = extra.photos?.length
    ? [...current.photos, ...extra.photos].slice(0, extra.maxPhotos ?? Number.MAX_SAFE_INTEGER)
    : undefined;
  const [row] = await db
    .update(feedback)
    .set({ lastCitizenAt: at, updatedAt: at, ...(photos ? { photos } : {}) })
    .where(eq(feedback.id, id))
    .returning();
  await db.insert(feedbackEvents).values({
    feedbackId: id, actor: 'citizen', action: 'citizen_message', detail: photos ? { photos: extra.photos!.length } : {}, createdAt: at,
  });
  return row!;
}

export async function feedbackEventsOf(db: Db, id: number): Promise<FeedbackEventRow[]> {
  return db.select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, id)).orderBy(asc(feedbackEvents.createdAt), asc(feedbackEvents.id));
}

/** The whole conversation of the citizen on that channel (the messages table), oldest first. */
export async function conversationOf(db: Db, channel: string, userId: string, limit = 200) {
  const rows = await db
    .select({ direction: messages.direction, text: messages.text, intent: messages.intent, createdAt: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.channel, channel), eq(messages.userId, userId)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
  return rows.reverse();
}

// ---------------------------------------------------------------------------------------------
// Inbox list
// ---------------------------------------------------------------------------------------------
export interface ListFilters {
  status?: FeedbackStatus;
  kind?: FeedbackKind;
  overdue?: boolean;
  assignedTo?: string;
  q?: string;
  /** Today in Asia/Ho_Chi_Minh (overdue = open and due date before today). */
  today?: string;
  limit?: number;
  offset?: number;
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

/** Items overdue today (the inbox's overdue filter; support requests included, as in the inbox). */
export async function countOverdue(db: Db, today = vnDate()): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(feedback).where(overdueWhere(today));
  return Number(r?.n ?? 0);
}

/**
 * What the live inbox shows: items waiting for staff (new, or a support request the citizen wrote
 * to after the last answer), and a stamp that changes whenever the list would change.
 */
export async function inboxPulse(db: Db): Promise<{ waiting: number; stamp: string }> {
  const [r] = await db
    .select({
      waiting: sql<number>`count(*) filter (where ${feedback.status} = 'moi' or (${inArray(feedback.status, [...OPEN_STATUSES])}
        and ${feedback.lastCitizenAt} > coalesce(${feedback.answeredAt}, ${feedback.receivedAt})))::int`,
      stamp: sql<string>`count(*)::text || '-' || coalesce(max(${feedback.updatedAt})::text, '') || '-' || coalesce(max(${feedback.lastCitizenAt})::text, '')`,
    })
    .from(feedback);
  return { waiting: Number(r?.waiting ?? 0), stamp: r?.stamp ?? '' };
}

export async function listFeedback(db: Db, f: ListFilters = {}): Promise<{ rows: FeedbackRow[]; total: number }> {
  const today = f.today ?? vnDate();
  const where: SQL[] = [];
  if (f.status) where.push(eq(feedback.status, f.status));
  if (f.kind) where.push(eq(feedback.kind, f.kind));
  if (f.overdue) where.push(overdueWhere(today));
  if (f.assignedTo) where.push(eq(feedback.assignedTo, f.assignedTo));
  if (f.q?.trim()) {
    // Folded on both sides: "duong lien thon" finds "Đường liên thôn".
    const col = (c: SQLWrapper) => containsSql(c, f.q!);
    where.push(or(col(feedback.code), col(feedback.content), col(sql`coalesce(${feedback.name}, '')`), col(sql`coalesce(${feedback.phone}, '')`))!);
  }
  const cond = where.length ? and(...where) : undefined;
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(feedback).where(cond);
  const rows = await db
    .select()
    .from(feedback)
    .where(cond)
    // Newest activity first: a support request the citizen wrote to again comes back to the top.
    .orderBy(desc(sql`coalesce(${feedback.lastCitizenAt}, ${feedback.receivedAt})`), desc(feedback.id))
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0);
  return { rows, total: count?.n ?? 0 };
}

/** PAKN and support requests received in a date range (inclusive), oldest first, for the export. */
export async function feedbackInRange(db: Db, from: string, to: string): Promise<FeedbackRow[]> {
  return db
    .select()
    .from(feedback)
    .where(and(gte(feedback.receivedDate, from), lte(feedback.receivedDate, to)))
    .orderBy(asc(feedback.receivedAt), asc(feedback.id));
}

// ---------------------------------------------------------------------------------------------
// Period counts (the quarterly report's PAKN figures)
// ---------------------------------------------------------------------------------------------
export interface FeedbackCounts {
  /** PAKN received in the period (support requests excluded). */
  received: number;
  /** Of those, answered (or answered then closed) by the period end. */
  answered: number;
  /** Of those, still new or being handled at the period end. */
  in_process: number;
  /** Of those, transferred to the competent body (không thuộc thẩm quyền) by the period end. */
  transferred: number;
  /** Of those, answered after the due date, or still open with the due date before the period end. */
  overdue: number;
  by_kind: Record<PaknKind, number>;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Counts for a period [from, to], dates inclusive in Asia/Ho_Chi_Minh. Each PAKN is classified
 * by its status as it stood at the end of `to` (from the audit trail), so a report for a past
 * quarter does not change when items are handled later. received = answered + in_process + transferred.
 */
export async function feedbackCounts(db: Db, period: { from: string; to: string }): Promise<FeedbackCounts> {
  const { from, to } = period;
  if (!DATE_RE.test(from) || !DATE_RE.test(to)) throw new Error(`feedbackCounts: dates must be YYYY-MM-DD (got ${from}, ${to})`);
  // One pass over the audit events of the period's items (a join and a group, not a sub-query per item).
  const result = (await db.execute(sql`
    with items as (
      select f.id, f.kind, f.due_date from feedback f
      where f.kind <> ${SUPPORT_KIND} and f.received_date between ${from}::date and ${to}::date
    ), ev as (
      select e.feedback_id,
        (array_agg(e.to_status order by e.created_at desc, e.id desc))[1] as status,
        min((e.created_at at time zone ${TIME_ZONE})::date) filter (where e.to_status = 'da_tra_loi') as answered_on
      from feedback_events e join items i on i.id = e.feedback_id
      where e.to_status is not null and e.created_at < (${to}::date + 1)::timestamp at time zone ${TIME_ZONE}
      group by e.feedback_id
    ), classified as (
      select i.kind, i.due_date, coalesce(ev.status, 'moi') as status, ev.answered_on
      from items i left join ev on ev.feedback_id = i.id
    )
    select kind, status,
      count(*)::int as n,
      count(*) filter (where
        (status in ('moi', 'dang_xu_ly') and due_date < ${to}::date)
        or (status in ('da_tra_loi', 'da_dong') and answered_on > due_date))::int as late
    from classified group by kind, status
  `)) as unknown as { rows: { kind: string; status: FeedbackStatus; n: number; late: number }[] };
  const out: FeedbackCounts = {
    received: 0, answered: 0, in_process: 0, transferred: 0, overdue: 0,
    by_kind: Object.fromEntries(PAKN_KINDS.map((k) => [k, 0])) as Record<PaknKind, number>,
  };
  for (const r of result.rows) {
    const n = Number(r.n);
    out.received += n;
    out.overdue += Number(r.late);
    if (r.kind in out.by_kind) out.by_kind[r.kind as PaknKind] += n;
    if (r.status === 'da_tra_loi' || r.status === 'da_dong') out.answered += n;
    else if (r.status === 'da_chuyen') out.transferred += n;
    else out.in_process += n;
  }
  return out;
}
