// The complaints inbox: PAKN and "gặp cán bộ" requests. A list with filters and search, a detail
// page with the whole conversation, internal notes, assignment, the answer box (sent to the
// citizen's channel) and the state-machine actions; XLSX export of a date range.
import type { Request, Response } from 'express';
import { HttpError } from '../../core/errors';
import { addNote, answerFeedback, assignFeedback, feedbackEventsOf } from '../../models/repos/feedback/staff-actions';
import {
  ALL_KINDS, ALL_STATUSES, allowedActions, FEEDBACK_ACTIONS, isOverdue, OPEN_STATUSES, SUPPORT_KIND, transition, TransitionError, type FeedbackAction, type FeedbackKind, type FeedbackStatus,
} from '../../models/repos/feedback/states';
import { conversationOf, countOverdue, inboxPulse, listFeedback } from '../../models/repos/feedback/inbox';
import { getFeedback } from '../../models/repos/feedback/filing';
import { staffAnswerDelivery } from '../../models/repos/outbound';
import { vnDate, addDays } from '../../core/clock';
import { renderStaffAnswer } from '../../handlers/feedback/render';
import { exportFeedbackXlsx, MAX_EXPORT_DAYS } from '../../handlers/feedback/export';
import { listUsers } from '../users';
import { clearDraft, getDraft } from '../drafts';
import { listCannedReplies } from '../canned';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

// One screen of the list; older items are on the next pages, or reached by filters and search.
const INBOX_PAGE_ROWS = 50;
// Longest staff answer: Messenger caps a text at 2000 characters and the channel adapters split
// longer ones; 3000 keeps an answer to at most two platform messages.
export const MAX_ANSWER_LENGTH = 3000;
const MAX_NOTE_LENGTH = 2000;
const MAX_TRANSFER_TO_LENGTH = 200;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export const inboxPage: AdminPage = {
  name: 'inbox',
  nav: { titleKey: 'feedback:admin.nav', path: '/inbox', roles: ['admin', 'staff', 'official'], order: 25 },
  // Overdue as the inbox's filter counts it (isOverdue), so the two figures always agree.
  async dashboardNow(db) {
    return [{ labelKey: 'feedback:admin.counts.overdue_dashboard', value: await countOverdue(db), href: '/inbox?overdue=1' }];
  },
  mount(r, ctx) {
    const viewer = ctx.requireRole('admin', 'staff', 'official');
    const staff = ctx.requireRole('admin', 'staff');

    const load = async (req: Request) => {
      const { t } = adminOf(req);
      const id = String(req.params.id ?? '');
      const row = /^\d{1,9}$/.test(id) ? await getFeedback(ctx.db, Number(id)) : undefined;
      if (!row) throw new HttpError(404, t('errors.not_found'), 'not_found');
      return row;
    };
    const back = (res: Response, id: number) => res.redirect(303, `/admin/inbox/${id}`);

    r.get('/inbox', viewer, async (req, res) => {
      const { user } = adminOf(req);
      const q = req.query;
      const status = (ALL_STATUSES as readonly string[]).includes(str(q.status)) ? (str(q.status) as FeedbackStatus) : undefined;
      const kind = (ALL_KINDS as readonly string[]).includes(str(q.kind)) ? (str(q.kind) as FeedbackKind) : undefined;
      const overdue = q.overdue === '1';
      const mine = q.mine === '1';
      const search = str(q.q).trim().slice(0, 100);
      const pageNo = /^\d{1,5}$/.test(str(q.page)) ? Math.max(1, Number(q.page)) : 1;
      const today = vnDate();
      const pulse = await inboxPulse(ctx.db);
      const { rows, total } = await listFeedback(ctx.db, {
        status, kind, overdue, assignedTo: mine ? user.username : undefined, q: search, today, limit: INBOX_PAGE_ROWS,
        offset: (pageNo - 1) * INBOX_PAGE_ROWS,
      });
      // Links to the neighbouring pages keep the filters.
      const pageLink = (n: number) => {
        const params = new URLSearchParams();
        if (status) params.set('status', status);
        if (kind) params.set('kind', kind);
        if (overdue) params.set('overdue', '1');
        if (mine) params.set('mine', '1');
        if (search) params.set('q', search);
        params.set('page', String(n));
        return `/admin/inbox?${params}`;
      };
      const pages = Math.max(1, Math.ceil(total / INBOX_PAGE_ROWS));
      await ctx.render(req, res, 'inbox', {
        rows: rows.map((row) => ({ ...row, overdue: isOverdue(row, today), unread: unread(row) })),
        total,
        stamp: pulse.stamp,
        filters: { status: status ?? '', kind: kind ?? '', overdue, mine, q: search },
        statuses: ALL_STATUSES,
        kinds: ALL_KINDS,
        exportRange: { from: addDays(today, -90), to: today },
        pager: {
          page: pageNo, pages,
          prev: pageNo > 1 ? pageLink(pageNo - 1) : null,
          next: pageNo < pages ? pageLink(pageNo + 1) : null,
        },
      }, { title: adminOf(req).t('feedback:admin.title') });
    });

    // Polled by admin/public/admin.js on every admin page: the count in the title, and the list
    // refreshed when the stamp changes. Polling (not SSE) passes any proxy and costs one small query.
    r.get('/inbox/live.json', viewer, async (_req, res) => {
      res.set('Cache-Control', 'no-store').json(await inboxPulse(ctx.db));
    });

    r.get('/inbox/export.xlsx', viewer, async (req, res) => {
      const { t, lang } = adminOf(req);
      const from = str(req.query.from);
      const to = str(req.query.to);
      const days = DATE_RE.test(from) && DATE_RE.test(to) ? (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 : NaN;
      if (!(days >= 1 && days <= MAX_EXPORT_DAYS)) {
        throw new HttpError(400, t('feedback:admin.export.bad_range', { max: MAX_EXPORT_DAYS }), 'bad_range');
      }
      const buf = await exportFeedbackXlsx(ctx.db, { from, to }, lang);
      await ctx.audit(req, 'feedback.export', null, { from, to });
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .set('Content-Disposition', `attachment; filename="phan-anh_${from}_${to}.xlsx"`)
        .set('Cache-Control', 'no-store')
        .send(buf);
    });

    r.get('/inbox/:id', viewer, async (req, res) => {
      const row = await load(req);
      const { user } = adminOf(req);
      const [events, conversation, users, draft, canned, delivery] = await Promise.all([
        feedbackEventsOf(ctx.db, row.id),
        conversationOf(ctx.db, row.channel, row.userId),
        listUsers(ctx.db),
        getDraft(ctx.db, user.id, answerDraftKey(row.id)),
        listCannedReplies(ctx.db),
        // Whether the answer reached the citizen: the outbox row's status (docs/channels.md).
        row.answeredAt ? staffAnswerDelivery(ctx.db, row.channel, row.userId, row.answeredAt) : null,
      ]);
      const canAct = user.role === 'admin' || user.role === 'staff';
      const actions = allowedActions(row.status).filter((a) => a !== 'answer');
      // A support request stays a chat: staff may keep replying after the first answer.
      const canAnswer = allowedActions(row.status).includes('answer') || (row.kind === SUPPORT_KIND && row.status === 'da_tra_loi');
      await ctx.render(req, res, 'inbox-detail', {
        // Only web links become links (a photo address comes from a platform payload).
        row: { ...row, photos: row.photos.map((p) => ({ ...p, link: p.url && /^https?:\/\//i.test(p.url) ? p.url : null })) },
        overdue: isOverdue(row),
        events,
        notes: events.filter((e) => e.action === 'note'),
        conversation,
        assignees: users.filter((u) => !u.disabled && (u.role === 'admin' || u.role === 'staff')),
        canAct,
        actions,
        canAnswer,
        maxAnswer: MAX_ANSWER_LENGTH,
        draft: { key: answerDraftKey(row.id), ...draft },
        canned,
        delivery,
      }, { title: row.code });
    });

    r.post('/inbox/:id/answer', staff, async (req, res) => {
      const row = await load(req);
      const { t, user } = adminOf(req);
      const text = str((req.body as Record<string, unknown>).answer).trim();
      if (!text) {
        await ctx.flash(req, 'error', t('feedback:admin.detail.answer_empty'));
        return back(res, row.id);
      }
      if (text.length > MAX_ANSWER_LENGTH) {
        await ctx.flash(req, 'error', t('feedback:admin.detail.answer_too_long', { length: text.length, max: MAX_ANSWER_LENGTH }));
        return back(res, row.id);
      }
      try {
        await answerFeedback(ctx.db, row.id, user.username, text, renderStaffAnswer);
      } catch (err) {
        if (!(err instanceof TransitionError)) throw err;
        await ctx.flash(req, 'error', refusal(t, err));
        return back(res, row.id);
      }
      await clearDraft(ctx.db, user.id, answerDraftKey(row.id));
      await ctx.audit(req, 'feedback.answer', row.code, { length: text.length });
      await ctx.flash(req, 'ok', t('feedback:admin.detail.answered'));
      back(res, row.id);
    });

    r.post('/inbox/:id/transition', staff, async (req, res) => {
      const row = await load(req);
      const { t, user } = adminOf(req);
      const body = req.body as Record<string, unknown>;
      const action = str(body.action) as FeedbackAction;
      if (!FEEDBACK_ACTIONS.includes(action) || action === 'answer') throw new HttpError(400, t('errors.bad_request'), 'bad_action');
      const transferredTo = str(body.transferredTo).trim().slice(0, MAX_TRANSFER_TO_LENGTH);
      if (action === 'transfer' && !transferredTo) {
        await ctx.flash(req, 'error', t('feedback:admin.detail.transfer_required'));
        return back(res, row.id);
      }
      try {
        const updated = await transition(ctx.db, row.id, action, user.username, action === 'transfer' ? { transferredTo } : {});
        await ctx.audit(req, `feedback.${action}`, row.code, { from: row.status, to: updated.status });
        await ctx.flash(req, 'ok', t('feedback:admin.detail.done', { state: t(`feedback:states.${updated.status}`) }));
      } catch (err) {
        if (!(err instanceof TransitionError)) throw err;
        await ctx.flash(req, 'error', refusal(t, err));
      }
      back(res, row.id);
    });

    r.post('/inbox/:id/assign', staff, async (req, res) => {
      const row = await load(req);
      const { t, user } = adminOf(req);
      const body = req.body as Record<string, unknown>;
      const who = body.me === '1' ? user.username : str(body.assignee).trim().toLowerCase();
      if (who) {
        const users = await listUsers(ctx.db);
        if (!users.some((u) => u.username === who && !u.disabled)) {
          await ctx.flash(req, 'error', t('feedback:admin.detail.unknown_user', { who }));
          return back(res, row.id);
        }
      }
      await assignFeedback(ctx.db, row.id, user.username, who || null);
      await ctx.audit(req, 'feedback.assign', row.code, { to: who || null });
      await ctx.flash(req, 'ok', who ? t('feedback:admin.detail.assigned_done', { who }) : t('feedback:admin.detail.unassigned_done'));
      back(res, row.id);
    });

    r.post('/inbox/:id/note', staff, async (req, res) => {
      const row = await load(req);
      const { t, user } = adminOf(req);
      const text = str((req.body as Record<string, unknown>).note).trim().slice(0, MAX_NOTE_LENGTH);
      if (!text) {
        await ctx.flash(req, 'error', t('feedback:admin.detail.note_empty'));
        return back(res, row.id);
      }
      await addNote(ctx.db, row.id, user.username, text);
      await ctx.audit(req, 'feedback.note', row.code);
      await ctx.flash(req, 'ok', t('feedback:admin.detail.note_added'));
      back(res, row.id);
    });
  },
};

/** The draft of the answer box of one item (admin/drafts.ts). */
function answerDraftKey(id: number): string {
  return `inbox:${id}:answer`;
}

/** A support request with a citizen message newer than the last staff answer. */
function unread(row: { kind: string; status: string; lastCitizenAt: Date | null; answeredAt: Date | null }): boolean {
  if (!(OPEN_STATUSES as string[]).includes(row.status) || !row.lastCitizenAt) return false;
  return !row.answeredAt || row.lastCitizenAt > row.answeredAt;
}

function refusal(t: ReturnType<typeof adminOf>['t'], err: TransitionError): string {
  return t('feedback:admin.detail.refused', { action: t(`feedback:actions.${err.action}`), state: t(`feedback:states.${err.from}`) });
}
