// The PAKN state machine: every allowed transition, every refused one, and the audit trail.
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { refuseInserts, useTestDatabase } from '../helpers/db';
import { feedback, feedbackEvents } from '../../models/schema/feedback';
import { addNote, answerFeedback, assignFeedback, feedbackEventsOf } from '../../models/repos/feedback/staff-actions';
import {
  allowedActions, ALL_STATUSES, FEEDBACK_ACTIONS, isOverdue, transition, TransitionError, type FeedbackAction, type FeedbackStatus,
} from '../../models/repos/feedback/states';
import { getFeedback } from '../../models/repos/feedback/filing';
import { createPetition } from '../helpers/factories';
import { listFeedback } from '../../models/repos/feedback/inbox';

const d = useTestDatabase();

const newItem = () => createPetition(d.db, { kind: 'quy_dinh', channel: 'console', userId: 'u1' });

// The expected table, written out independently of the implementation.
const EXPECTED: Record<FeedbackStatus, Partial<Record<FeedbackAction, FeedbackStatus>>> = {
  moi: { start: 'dang_xu_ly', answer: 'da_tra_loi', transfer: 'da_chuyen' },
  dang_xu_ly: { answer: 'da_tra_loi', transfer: 'da_chuyen' },
  da_tra_loi: { close: 'da_dong', reopen: 'dang_xu_ly' },
  da_dong: { reopen: 'dang_xu_ly' },
  da_chuyen: { reopen: 'dang_xu_ly' },
};

describe('state machine', () => {
  for (const from of ALL_STATUSES) {
    for (const action of FEEDBACK_ACTIONS) {
      const to = EXPECTED[from][action];
      it(`${from} --${action}--> ${to ?? 'refused'}`, async () => {
        const item = await newItem();
        await d.db.update(feedback).set({ status: from }).where(eq(feedback.id, item.id));
        const before = (await feedbackEventsOf(d.db, item.id)).length;
        if (to) {
          const row = await transition(d.db, item.id, action, 'staff1');
          expect(row.status).toBe(to);
          const events = await feedbackEventsOf(d.db, item.id);
          expect(events).toHaveLength(before + 1);
          expect(events.at(-1)).toMatchObject({ actor: 'staff1', action: 'transition', fromStatus: from, toStatus: to, detail: { action } });
        } else {
          const err = await transition(d.db, item.id, action, 'staff1').catch((e: unknown) => e);
          expect(err).toBeInstanceOf(TransitionError);
          expect((err as TransitionError).from).toBe(from);
          expect((await getFeedback(d.db, item.id))!.status).toBe(from);
          expect(await feedbackEventsOf(d.db, item.id)).toHaveLength(before);
        }
      });
    }
  }

  it('allowedActions lists exactly the allowed ones', () => {
    for (const from of ALL_STATUSES) expect(allowedActions(from).sort()).toEqual(Object.keys(EXPECTED[from]).sort());
  });

  it('the whole path: new → in process → answered → closed → reopened; transfer keeps the body', async () => {
    const item = await newItem();
    await transition(d.db, item.id, 'start', 'an');
    await transition(d.db, item.id, 'answer', 'an');
    await transition(d.db, item.id, 'close', 'binh');
    const reopened = await transition(d.db, item.id, 'reopen', 'binh');
    expect(reopened.status).toBe('dang_xu_ly');
    const moved = await transition(d.db, item.id, 'transfer', 'binh', { transferredTo: 'UBND huyện Hoằng Hóa' });
    expect(moved).toMatchObject({ status: 'da_chuyen', transferredTo: 'UBND huyện Hoằng Hóa' });
    const trail = (await feedbackEventsOf(d.db, item.id)).map((e) => `${e.actor}:${e.fromStatus ?? ''}>${e.toStatus}`);
    expect(trail).toEqual([
      'citizen:>moi', 'an:moi>dang_xu_ly', 'an:dang_xu_ly>da_tra_loi', 'binh:da_tra_loi>da_dong', 'binh:da_dong>dang_xu_ly',
      'binh:dang_xu_ly>da_chuyen',
    ]);
  });

  it('two staff acting at once: only one transition passes', async () => {
    const item = await newItem();
    const results = await Promise.allSettled([transition(d.db, item.id, 'start', 'a'), transition(d.db, item.id, 'start', 'b')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof TransitionError)).toHaveLength(1);
  });
});

describe('a staff answer is one transaction with its outbound message', () => {
  const render = (_row: unknown, text: string) => [{ text: `Trả lời: ${text}` }];

  it('stores the answer, the new status, the event, the queued message and the log row together', async () => {
    const item = await newItem();
    const row = await answerFeedback(d.db, item.id, 'lan', 'Xã đã niêm yết giấy tờ.', render);
    expect(row).toMatchObject({ status: 'da_tra_loi', answer: 'Xã đã niêm yết giấy tờ.', answeredBy: 'lan' });
    const queued = await d.db.execute(sql`select kind, user_id from outbound_messages`);
    expect((queued as unknown as { rows: unknown[] }).rows).toEqual([{ kind: 'staff', user_id: 'u1' }]);
    expect((await feedbackEventsOf(d.db, item.id)).map((e) => e.action)).toEqual(['created', 'transition', 'answer']);
  });

  it('when the message cannot be queued, nothing of the answer is kept: the inbox does not say "Đã trả lời"', async () => {
    const item = await newItem();
    const allow = await refuseInserts(d.db, 'outbound_messages', "new.kind = 'staff'");
    try {
      await expect(answerFeedback(d.db, item.id, 'lan', 'Xã đã niêm yết giấy tờ.', render)).rejects.toThrow();
    } finally {
      await allow();
    }
    expect(await getFeedback(d.db, item.id)).toMatchObject({ status: 'moi', answer: null, answeredAt: null });
    expect((await feedbackEventsOf(d.db, item.id)).map((e) => e.action)).toEqual(['created']);
    // Once the queue takes messages again, the same answer goes through.
    await answerFeedback(d.db, item.id, 'lan', 'Xã đã niêm yết giấy tờ.', render);
    expect(await getFeedback(d.db, item.id)).toMatchObject({ status: 'da_tra_loi' });
  });
});

describe('audit trail, assignment, notes, overdue, list filters', () => {
  it('records who assigned whom and internal notes', async () => {
    const item = await newItem();
    await assignFeedback(d.db, item.id, 'admin', 'an');
    await assignFeedback(d.db, item.id, 'an', 'binh');
    await addNote(d.db, item.id, 'binh', 'Đã gọi điện cho người dân');
    const events = await d.db.select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, item.id)).orderBy(feedbackEvents.id);
    expect(events.slice(1).map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['admin', 'assign', { from: null, to: 'an' }],
      ['an', 'assign', { from: 'an', to: 'binh' }],
      ['binh', 'note', { text: 'Đã gọi điện cho người dân' }],
    ]);
    expect((await getFeedback(d.db, item.id))!.assignedTo).toBe('binh');
  });

  it('marks overdue open items and filters by status, kind, overdue, assignee and search', async () => {
    const old = await createPetition(
      d.db,
      { kind: 'giai_quyet', channel: 'console', userId: 'u2', content: 'Cán bộ hẹn nhiều lần', name: 'Phạm Văn Dũng' },
      '2024-05-02T02:00:00Z',
    );
    const fresh = await newItem();
    await assignFeedback(d.db, fresh.id, 'admin', 'an');
    const today = '2024-06-01';
    expect(isOverdue(old, today)).toBe(true);
    expect(isOverdue({ ...old, status: 'da_tra_loi' }, today)).toBe(false);
    const ids = async (f: Parameters<typeof listFeedback>[1]) => (await listFeedback(d.db, { today, ...f })).rows.map((r) => r.id);
    expect(await ids({ overdue: true })).toEqual([old.id]);
    expect(await ids({ kind: 'quy_dinh' })).toEqual([fresh.id]);
    expect(await ids({ assignedTo: 'an' })).toEqual([fresh.id]);
    expect(await ids({ q: 'dũng' })).toEqual([old.id]);
    expect(await ids({ q: old.code })).toEqual([old.id]);
    expect(await ids({ q: '100%' })).toEqual([]);
    await transition(d.db, old.id, 'answer', 'an');
    expect(await ids({ overdue: true })).toEqual([]);
    expect(await ids({ status: 'da_tra_loi' })).toEqual([old.id]);
    expect((await listFeedback(d.db, { today })).total).toBe(2);
  });
});
