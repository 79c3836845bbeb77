import { beforeAll, describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { initI18n, translator } from '../../core/i18n';
import { computeFee, describeFees, formatVnd, perPageFee, quantitiesOf } from '../../knowledge/fees';
import { feeRulesSchema, type FeeRule } from '../../knowledge/fees.types';
import { sampleCatalogRows } from '../../knowledge/catalog';
import { parseFeeCell } from '../../knowledge/catalog-files';

let t: TFunction;
beforeAll(async () => {
  await initI18n();
  t = translator('vi');
});

const copyRule: Extract<FeeRule, { kind: 'per_page' }> = {
  kind: 'per_page',
  tiers: [{ from: 1, to: 2, amount: 2000 }, { from: 3, amount: 1000 }],
  cap: 200000,
  unit: 'bản',
};

describe('fees', () => {
  it('writes amounts the Vietnamese way', () => {
    expect(formatVnd(2000)).toBe('2.000 đồng');
    expect(formatVnd(200000)).toBe('200.000 đồng');
    expect(formatVnd(1500000)).toBe('1.500.000 đồng');
    expect(formatVnd(0)).toBe('0 đồng');
  });

  it('per-page tiers: 1, 2, 3, 7 pages, and the cap per copy', () => {
    expect(perPageFee(copyRule, 1).perCopy).toBe(2000);
    expect(perPageFee(copyRule, 2).perCopy).toBe(4000);
    expect(perPageFee(copyRule, 3).perCopy).toBe(5000);
    expect(perPageFee(copyRule, 7).perCopy).toBe(9000);
    expect(perPageFee(copyRule, 198).perCopy).toBe(200000);
    expect(perPageFee(copyRule, 199).perCopy).toBe(200000);
    expect(perPageFee(copyRule, 199).capped).toBe(true);
  });

  it('explains the computation: "chứng thực 7 trang" → 2.000×2 + 1.000×5 = 9.000 đồng', () => {
    const c = computeFee([copyRule], quantitiesOf('chứng thực 7 trang hết bao nhiêu', [copyRule]), t)!;
    expect(c.total).toBe(9000);
    expect(c.explanation).toBe('2.000 đồng × 2 trang + 1.000 đồng × 5 trang = 9.000 đồng');
  });

  it('multiplies by copies; a bare number counts as pages for a per-page fee', () => {
    expect(computeFee([copyRule], quantitiesOf('3 trang 4 bản', [copyRule]), t)!.total).toBe(20000);
    expect(quantitiesOf('chứng thực 5 hết bao nhiêu', [copyRule])).toEqual({ pages: 5 });
    expect(computeFee([{ kind: 'fixed', amount: 8000, unit: 'bản' }], quantitiesOf('xin 3 bản sao', null), t)!.total).toBe(24000);
    expect(computeFee([copyRule], {}, t)).toBeNull();
  });

  it('describes free-under-condition, exemption and provincial fees without inventing amounts', () => {
    const lines = describeFees(
      [
        { kind: 'free', condition: 'đăng ký trong 60 ngày' },
        { kind: 'province', amount: null, label: 'quá hạn' },
        { kind: 'province', amount: 50000, unit: 'việc' },
        { kind: 'exempt', who: 'hộ nghèo' },
        { kind: 'per_case', amount: 10000, unit: 'trường hợp' },
      ],
      t,
    );
    expect(lines).toEqual([
      'miễn lệ phí nếu đăng ký trong 60 ngày',
      'quá hạn: theo mức HĐND tỉnh quy định — mức cụ thể chưa có thông tin, liên hệ Bộ phận Một cửa',
      'theo mức HĐND tỉnh quy định: 50.000 đồng/việc',
      'miễn cho hộ nghèo',
      '10.000 đồng/trường hợp',
    ]);
    expect(describeFees(null, t)).toEqual(['chưa có thông tin, liên hệ Bộ phận Một cửa']);
  });

  it('the sample catalog has valid fee rules, and the national amounts of docs/domain.md §5', () => {
    const rows = sampleCatalogRows();
    for (const r of rows) if (r.fees !== null) expect(feeRulesSchema.safeParse(r.fees).success).toBe(true);
    const fee = (code: string) => rows.find((r) => r.code === code)!.fees as FeeRule[];
    expect(fee('2.000815')).toEqual([expect.objectContaining({ kind: 'per_page', cap: 200000 })]);
    expect(fee('2.000884')[0]).toMatchObject({ kind: 'per_case', amount: 10000 });
    expect(fee('2.001035')[0]).toMatchObject({ kind: 'per_case', amount: 50000 });
    expect(fee('2.000913')[0]).toMatchObject({ kind: 'fixed', amount: 30000 });
    expect(fee('2.000635')[0]).toMatchObject({ kind: 'fixed', amount: 8000 });
    // Unverified fees (U in catalog-facts.md) are null: shown as "chưa có thông tin".
    expect(rows.find((r) => r.code === '1.004884')!.fees).toBeNull();
  });

  it('parses the compact fee syntax of spreadsheet cells', () => {
    expect(parseFeeCell('page 1-2=2000, 3+=1000, cap 200000')).toEqual([copyRule]);
    expect(parseFeeCell('free: trong 60 ngày; province; fixed 8.000/bản: bản sao')).toEqual([
      { kind: 'free', condition: 'trong 60 ngày' },
      { kind: 'province', amount: null },
      { kind: 'fixed', amount: 8000, unit: 'bản', label: 'bản sao' },
    ]);
    expect(parseFeeCell('U')).toBeNull();
    expect(() => parseFeeCell('bao nhiêu cũng được')).toThrow(/không hiểu/);
  });
});
