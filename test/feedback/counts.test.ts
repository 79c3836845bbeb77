// feedbackCounts: the figures the quarterly report takes, classified as they stood at the period end.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import type { NewFeedback } from '../../models/repos/feedback/filing';
import { createPetition } from '../helpers/factories';
import { feedbackCounts } from '../../models/repos/feedback/counts';
import { transition } from '../../models/repos/feedback/states';

const d = useTestDatabase();

const item = (over: Partial<NewFeedback> = {}): Partial<NewFeedback> => ({ kind: 'quy_dinh', channel: 'console', userId: 'u1', ...over });

describe('feedbackCounts', () => {
  it('counts received, answered, in process, transferred, overdue and by kind, at the period end', async () => {
    const db = d.db;
    // 2024-03-14 23:30 in Hà Nội is 16:30 UTC: outside the Q2 window (15/03–14/06).
    await createPetition(db, item(), '2024-03-14T16:30:00Z');
    // 2024-03-15 00:10 in Hà Nội is still 03-14 in UTC: inside the window.
    const a = await createPetition(db, item({ kind: 'kien_nghi' }), '2024-03-14T17:10:00Z');
    const b = await createPetition(db, item({ kind: 'giai_quyet' }), '2024-05-02T02:00:00Z');
    const c = await createPetition(db, item({ kind: 'khac' }), '2024-06-10T02:00:00Z');
    const e = await createPetition(db, item(), '2024-06-03T02:00:00Z');
    await createPetition(db, item({ kind: 'ho_tro' }), '2024-05-02T02:00:00Z');

    // a: answered on time (due 10 working days after 15/03 = 29/03), then closed.
    await transition(db, a.id, 'start', 'staff1', { at: new Date('2024-03-18T02:00:00Z') });
    await transition(db, a.id, 'answer', 'staff1', { at: new Date('2024-03-20T02:00:00Z') });
    await transition(db, a.id, 'close', 'staff1', { at: new Date('2024-03-21T02:00:00Z') });
    // b: due 09/05 (5 working days), answered late on 20/05.
    await transition(db, b.id, 'answer', 'staff1', { at: new Date('2024-05-20T02:00:00Z') });
    // c: transferred.
    await transition(db, c.id, 'transfer', 'staff1', { at: new Date('2024-06-11T02:00:00Z'), transferredTo: 'UBND huyện' });
    // e: answered after the period end: still in process at the cut-off, not yet due (due 17/06).
    await transition(db, e.id, 'answer', 'staff1', { at: new Date('2024-06-20T02:00:00Z') });

    const q2 = await feedbackCounts(db, { from: '2024-03-15', to: '2024-06-14' });
    expect(q2).toEqual({
      received: 4, answered: 2, in_process: 1, transferred: 1, overdue: 1,
      by_kind: { quy_dinh: 1, giai_quyet: 1, kien_nghi: 1, khac: 1 },
    });
    expect(q2.answered + q2.in_process + q2.transferred).toBe(q2.received);

    // Seen at the end of May, b was answered late, c and e did not exist yet.
    const toMay = await feedbackCounts(db, { from: '2024-03-15', to: '2024-05-10' });
    expect(toMay).toMatchObject({ received: 2, answered: 1, in_process: 1, transferred: 0, overdue: 1 });
    // At 10/05 b was open and its due date (09/05) had passed: overdue.

    // A later quarter sees nothing received.
    const q3 = await feedbackCounts(db, { from: '2024-06-15', to: '2024-09-14' });
    expect(q3.received).toBe(0);
  });

  it('refuses malformed dates', async () => {
    await expect(feedbackCounts(d.db, { from: '15/03/2024', to: '2024-06-14' })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
