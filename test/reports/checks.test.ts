// The consistency checks on hand-made figures: each contradiction gives its own warning.
import { describe, expect, it, beforeAll } from 'vitest';
import { initI18n } from '../../core/i18n';
import { checkConsistency } from '../../reports/checks';
import { emptyRow, type ReportFigures } from '../../reports/figures';

beforeAll(async () => {
  await initI18n();
});

function figures(): ReportFigures {
  const row = emptyRow();
  row.received = { total: 10, online: 6, direct_postal: 3, carried_over: 1 };
  row.resolved = { total: 8, before_due: 5, on_time: 2, late: 1 };
  row.in_process = { total: 2, within_due: 2, overdue: 0 };
  return {
    period: { from: '2024-03-15', to: '2024-06-14', label: 'quý II năm 2024' },
    procedures_total: 100,
    procedures_source: 'catalog',
    dossiers: {
      ...structuredClone(row),
      by_field: [{ field: 'Hộ tịch', ...structuredClone(row) }],
      by_source: { mot_cua: structuredClone(row), lien_thong: emptyRow(), chung_thuc_dien_tu: emptyRow() },
      by_online_level: { full_online: 4, partial_online: 6, other: 0, unknown: 0 },
      online_uptake: { full_online: { received: 4, online: 4 }, partial_online: { received: 5, online: 2 } },
      missing_end_date: 0,
      missing_received_date: 0,
    },
    feedback: { received: 0, answered: 0, in_process: 0, transferred: 0, overdue: 0, by_kind: {}, available: true },
    satisfaction: {
      forms: 3,
      score: 16,
      rating: 'xuat_sac',
      rating_label: 'Xuất sắc',
      indices: [2, 2, 2, 2, 2, 2, 2, 2, null],
      levels: { rat_hai_long: 33.3, hai_long: 33.3, binh_thuong: 33.3, khong_hai_long: 0 },
      level_counts: { rat_hai_long: 1, hai_long: 1, binh_thuong: 1, khong_hai_long: 0 },
    },
    apologies: 0,
    apologies_late_by_original_due: 0,
    apologies_without_new_due: 0,
    apologies_detail: { by_field: [], ended_by_new_due: 0, ended_after_new_due: 0, open: 0 },
    warnings: [],
  };
}

const codes = (f: ReportFigures) => checkConsistency(f).map((w) => w.code);

describe('consistency checks', () => {
  it('passes consistent figures (99,9 % from rounding is tolerated)', () => {
    expect(codes(figures())).toEqual([]);
  });

  it('flags received ≠ resolved + in process, overall and per field', () => {
    const f = figures();
    f.dossiers.received.total = 11;
    f.dossiers.by_field[0]!.received.total = 11;
    // The online-level split (10) no longer matches the received total either.
    expect(codes(f)).toEqual(['received_mismatch', 'field_mismatch', 'online_level_sum']);
    expect(checkConsistency(f)[0]!.message).toContain('(11)');
  });

  it('flags apology letters while no dossier is late', () => {
    const f = figures();
    f.apologies = 2;
    expect(codes(f)).toEqual([]);
    f.dossiers.resolved = { total: 8, before_due: 5, on_time: 3, late: 0 };
    expect(codes(f)).toEqual(['apology_without_late']);
  });

  it('flags an online-level split that does not add up, and unknown levels', () => {
    const f = figures();
    f.dossiers.by_online_level = { full_online: 4, partial_online: 5, other: 0, unknown: 0 };
    expect(codes(f)).toEqual(['online_level_sum']);
    f.dossiers.by_online_level = { full_online: 4, partial_online: 5, other: 1, unknown: 1 };
    expect(codes(f)).toEqual(['online_level_unknown']);
  });

  it('flags level shares that miss 100 by more than 0,1', () => {
    const f = figures();
    f.satisfaction.levels = { rat_hai_long: 33.3, hai_long: 33.3, binh_thuong: 33.2, khong_hai_long: 0 };
    expect(codes(f)).toEqual(['level_shares_sum']);
    expect(checkConsistency(f)[0]!.message).toContain('99,8');
  });

  it('says when the number of procedures comes from the sample catalog or an empty one', () => {
    const f = figures();
    f.procedures_source = 'sample';
    f.procedures_total = 50;
    expect(checkConsistency(f).map((w) => [w.code, w.message])).toEqual([['catalog_sample', expect.stringContaining('50 thủ tục')]]);
    f.procedures_source = 'empty';
    f.procedures_total = 0;
    expect(codes(f)).toEqual(['catalog_empty']);
  });

  it('flags dossiers without a receipt date', () => {
    const f = figures();
    f.dossiers.missing_received_date = 3;
    expect(checkConsistency(f).map((w) => w.message)).toEqual([expect.stringContaining('3 hồ sơ không có ngày tiếp nhận')]);
  });

  it('says when the petitions could not be read', () => {
    const f = figures();
    f.feedback.available = false;
    expect(codes(f)).toEqual(['feedback_unavailable']);
  });
});
