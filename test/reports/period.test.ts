import { describe, expect, it } from 'vitest';
import { parsePeriod, PeriodError } from '../../reports/period';

describe('report periods (NĐ 09/2019 Art. 12)', () => {
  it.each([
    ['2024-Q1', '2023-12-15', '2024-03-14'],
    ['2024-Q2', '2024-03-15', '2024-06-14'],
    ['2024-Q3', '2024-06-15', '2024-09-14'],
    ['2024-Q4', '2024-09-15', '2024-12-14'],
    ['2024-06', '2024-05-15', '2024-06-14'],
    ['2024-01', '2023-12-15', '2024-01-14'],
    ['2024-H1', '2023-12-15', '2024-06-14'],
    ['2024-H2', '2024-06-15', '2024-12-14'],
    ['2024-9M', '2023-12-15', '2024-09-14'],
    ['2024-9m', '2023-12-15', '2024-09-14'],
    ['2024', '2023-12-15', '2024-12-14'],
  ])('%s → %s … %s', (spec, from, to) => {
    expect(parsePeriod(spec)).toMatchObject({ from, to });
  });

  it('labels the quarter as the report writes it', () => {
    expect(parsePeriod('2024-Q2').label.vi).toBe('quý II năm 2024');
    expect(parsePeriod('2024-H2').label.vi).toBe('6 tháng cuối năm 2024');
    expect(parsePeriod('2024-9M')).toMatchObject({ kind: 'nine_months', label: { vi: '9 tháng năm 2024' } });
  });

  it('gives calendar periods with a cut-off day of 1', () => {
    expect(parsePeriod('2024-Q1', 1)).toMatchObject({ from: '2024-01-01', to: '2024-03-31' });
    expect(parsePeriod('2024-02', 1)).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('accepts --from/--to and rejects nonsense', () => {
    expect(parsePeriod({ from: '2024-04-01', to: '2024-04-30' })).toMatchObject({ kind: 'range', from: '2024-04-01' });
    expect(() => parsePeriod({ from: '2024-04-30', to: '2024-04-01' })).toThrow(PeriodError);
    expect(() => parsePeriod({ from: '2024-02-30', to: '2024-04-01' })).toThrow(PeriodError);
    expect(() => parsePeriod('2024-Q5')).toThrow(/2024-Q2/);
    expect(() => parsePeriod('2024-13')).toThrow(PeriodError);
  });
});
