import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useTestDatabase } from '../helpers/db';
import { initI18n } from '../../core/i18n';
import { computeFigures } from '../../reports/figures';
import { parsePeriod } from '../../reports/period';
import { createFeedback } from '../../models/repos/feedback/filing';
import { transition } from '../../models/repos/feedback/states';
import { dossier, insertDossiers, loadReferenceQuarter } from './fixture';

beforeAll(() => initI18n());
const t = useTestDatabase();

const Q2 = parsePeriod('2024-Q2');

describe('form 06a figures of the reference quarter', () => {
  it('reproduces the reference report', async () => {
    await loadReferenceQuarter(t.db);
    const f = await computeFigures(t.db, Q2);
    expect(f.period).toMatchObject({ from: '2024-03-15', to: '2024-06-14' });
    expect(f.dossiers.received).toEqual({ total: 315, online: 302, direct_postal: 9, carried_over: 4 });
    expect(f.dossiers.resolved).toEqual({ total: 315, before_due: 255, on_time: 60, late: 0 });
    expect(f.dossiers.in_process).toEqual({ total: 0, within_due: 0, overdue: 0 });
    expect(f.dossiers.by_online_level).toMatchObject({ full_online: 82, partial_online: 233, other: 0 });
    expect(f.apologies).toBe(2);
    expect(f.apologies_late_by_original_due).toBe(2);
    expect(f.satisfaction).toMatchObject({
      forms: 227,
      score: 17.1,
      rating: 'xuat_sac',
      levels: { binh_thuong: 0.9, hai_long: 23.3, rat_hai_long: 75.8, khong_hai_long: 0 },
    });
    expect(f.satisfaction.indices).toEqual([1.9, 2, 2, 2, 2, 2, 1.9, 2, 1.3]);
    // Per-field and per-source rows add up to the total.
    const sum = (rows: { received: { total: number }; resolved: { total: number } }[]) =>
      rows.reduce((a, r) => [a[0]! + r.received.total, a[1]! + r.resolved.total], [0, 0]);
    expect(sum(f.dossiers.by_field)).toEqual([315, 315]);
    expect(sum(Object.values(f.dossiers.by_source))).toEqual([315, 315]);
    expect(f.dossiers.by_source.lien_thong.received.total).toBeGreaterThan(0);
    expect(f.dossiers.by_source.chung_thuc_dien_tu.received.total).toBeGreaterThan(0);
    // The reference contradiction (2 apologies, 0 late) is flagged, not fixed.
    expect(f.warnings.map((w) => w.code)).toContain('apology_without_late');
    expect(f.warnings.map((w) => w.code)).not.toContain('received_mismatch');
  });
});

describe('counting rules at the edges (docs/domain.md §1.4)', () => {
  it('counts the 15th and the 14th, not the 14th before nor the 15th after', async () => {
    await insertDossiers(t.db, [
      dossier({ receivedDate: '2024-03-15', dueDate: '2024-03-20', endDate: '2024-03-18' }),
      dossier({ receivedDate: '2024-06-14', dueDate: '2024-06-14', endDate: '2024-06-14' }),
      dossier({ receivedDate: '2024-03-14', dueDate: '2024-03-14', endDate: '2024-03-14' }),
      dossier({ receivedDate: '2024-06-15', dueDate: '2024-06-20', endDate: '2024-06-15' }),
    ]);
    const f = await computeFigures(t.db, Q2);
    expect(f.dossiers.received).toEqual({ total: 2, online: 2, direct_postal: 0, carried_over: 0 });
    expect(f.dossiers.resolved).toEqual({ total: 2, before_due: 1, on_time: 1, late: 0 });
  });

  it('excludes statuses 1 and 3; counts withdrawn (7) as resolved on time; no due date is on time', async () => {
    await insertDossiers(t.db, [
      dossier({ status: 1, receivedDate: '2024-04-01', endDate: null }),
      dossier({ status: 3, receivedDate: '2024-04-01', endDate: '2024-04-02' }),
      dossier({ status: 7, receivedDate: '2024-04-01', dueDate: '2024-04-03', endDate: '2024-04-09' }),
      dossier({ status: 10, receivedDate: '2024-04-01', dueDate: null, endDate: '2024-05-30' }),
      dossier({ status: 9, receivedDate: '2024-04-01', dueDate: '2024-04-03', endDate: '2024-04-05' }),
    ]);
    const f = await computeFigures(t.db, Q2);
    expect(f.dossiers.received.total).toBe(3);
    expect(f.dossiers.resolved).toEqual({ total: 3, before_due: 0, on_time: 2, late: 1 });
  });

  it('carries over a dossier received before the period and finished inside it, and one still open', async () => {
    await insertDossiers(t.db, [
      dossier({ channel: 'truc_tiep', receivedDate: '2024-03-01', dueDate: '2024-03-20', endDate: '2024-03-19' }),
      dossier({ status: 4, channel: 'buu_chinh', receivedDate: '2024-02-01', dueDate: '2024-02-20', endDate: null }),
      dossier({ status: 5, receivedDate: '2024-06-01', dueDate: '2024-06-05', endDate: null }),
      // Finished after the cut-off: still in process at 14/06, and late by then.
      dossier({ status: 10, receivedDate: '2024-06-01', dueDate: '2024-06-10', endDate: '2024-06-20' }),
    ]);
    const f = await computeFigures(t.db, Q2);
    expect(f.dossiers.received).toEqual({ total: 4, online: 2, direct_postal: 0, carried_over: 2 });
    expect(f.dossiers.resolved).toEqual({ total: 1, before_due: 1, on_time: 0, late: 0 });
    // Status 5 (supplement requested) is within due; the two past their due date are overdue.
    expect(f.dossiers.in_process).toEqual({ total: 3, within_due: 1, overdue: 2 });
    expect(f.warnings.map((w) => w.code)).not.toContain('received_mismatch');
  });

  it('judges timeliness against the new date of an apology letter, and still counts the letter', async () => {
    await insertDossiers(t.db, [
      dossier({ receivedDate: '2024-04-01', dueDate: '2024-04-05', apologyDate: '2024-04-04', newDueDate: '2024-04-10', endDate: '2024-04-10' }),
      dossier({ receivedDate: '2024-04-01', dueDate: '2024-04-05', apologyDate: '2024-04-04', newDueDate: '2024-04-10', endDate: '2024-04-12' }),
    ]);
    const f = await computeFigures(t.db, Q2);
    expect(f.dossiers.resolved).toEqual({ total: 2, before_due: 0, on_time: 1, late: 1 });
    expect(f.apologies).toBe(2);
    expect(f.warnings.map((w) => w.code)).not.toContain('apology_without_late');
  });

  it('warns when a finished dossier has no end date', async () => {
    await insertDossiers(t.db, [dossier({ status: 10, receivedDate: '2024-04-01', endDate: null, returnedDate: null })]);
    const f = await computeFigures(t.db, Q2);
    expect(f.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['received_mismatch', 'missing_end_date']));
  });
});

describe('petitions and the catalog', () => {
  it('counts the PAKN received in the period from the inbox', async () => {
    const opts = (iso: string) => ({
      dueDays: { quy_dinh: 10, giai_quyet: 10, kien_nghi: 10, khac: 10, ho_tro: 1 },
      officeDays: [1, 2, 3, 4, 5],
      // Noon in Hà Nội on that day.
      now: new Date(`${iso}T05:00:00Z`),
    });
    const base = { channel: 'console' as const, userId: 'u', lang: 'vi' as const, content: 'Nội dung phản ánh' };
    const a = await createFeedback(t.db, { ...base, kind: 'giai_quyet' }, opts('2024-03-15'));
    const b = await createFeedback(t.db, { ...base, kind: 'quy_dinh' }, opts('2024-05-02'));
    await createFeedback(t.db, { ...base, kind: 'kien_nghi' }, opts('2024-06-14'));
    await createFeedback(t.db, { ...base, kind: 'khac' }, opts('2024-06-15'));
    // A support request is not a PAKN.
    await createFeedback(t.db, { ...base, kind: 'ho_tro' }, opts('2024-05-02'));
    await transition(t.db, a.id, 'transfer', 'staff', { transferredTo: 'UBND huyện', at: new Date('2024-03-20T03:00:00Z') });
    await transition(t.db, b.id, 'start', 'staff', { at: new Date('2024-05-03T03:00:00Z') });
    const f = await computeFigures(t.db, Q2);
    expect(f.feedback).toMatchObject({ received: 3, answered: 0, in_process: 2, transferred: 1, available: true });
  });

  it('counts the active procedures of the catalog', async () => {
    await t.db.execute(sql`insert into procedures (code, name, field) values ('1.001193', 'Đăng ký khai sinh', 'Hộ tịch'), ('2.000815', 'Chứng thực', 'Chứng thực')`);
    await t.db.execute(sql`insert into procedures (code, name, field, active) values ('9.9', 'Thủ tục đã bãi bỏ', 'Khác', false)`);
    expect((await computeFigures(t.db, Q2)).procedures_total).toBe(2);
  });
});
