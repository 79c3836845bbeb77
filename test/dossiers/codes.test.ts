import { describe, expect, it } from 'vitest';
import { findDossierCode, findDossierCodes, normalizeDossierCode } from '../../handlers/dossiers/codes';
import { parseDate } from '../../handlers/dossiers/records';

describe('dossier codes in free text (docs/domain.md §4.3)', () => {
  it.each([
    ['000.00.06.H56-231027-0361', '000.00.06.H56-231027-0361'],
    ['hồ sơ 000.00.06.h56-231027-0361 của tôi', '000.00.06.H56-231027-0361'],
    ['ma 000.00.06.H56 231027 0361 a', '000.00.06.H56-231027-0361'],
    ['000.00.06.h562310270361', '000.00.06.H56-231027-0361'],
    ['000.17.22.H56–210531–0001', '000.17.22.H56-210531-0001'],
    ['H56.14-240823-0001', 'H56.14-240823-0001'],
    ['h56.14 2408230001 nhé', 'H56.14-240823-0001'],
    ['h56.142408230001', 'H56.14-240823-0001'],
  ])('%s → %s', (text, expected) => {
    expect(findDossierCode(text)).toBe(expected);
  });

  it('ignores phone numbers, procedure codes and impossible dates', () => {
    expect(findDossierCodes('sđt 0912345678, thủ tục 1.001193, 2.000815.01')).toEqual([]);
    expect(findDossierCode('H56.14-241345-0001')).toBeNull();
  });

  it('a cell must be exactly one code', () => {
    expect(normalizeDossierCode(' 000.00.06.h56-231027-0361 ')).toBe('000.00.06.H56-231027-0361');
    expect(normalizeDossierCode('000.00.06.H56 231027 0361')).toBe('000.00.06.H56-231027-0361');
    expect(normalizeDossierCode('mã 000.00.06.H56-231027-0361')).toBeNull();
  });
});

describe('dates in exports', () => {
  it.each([
    ['01/04/2024', '2024-04-01'],
    ['1/4/2024', '2024-04-01'],
    ['2024-04-01', '2024-04-01'],
    ['2024-04-01T08:30:00', '2024-04-01'],
    ['01/04/2024 08:30', '2024-04-01'],
    ['', null],
  ])('%s → %s', (v, expected) => {
    expect(parseDate(v)).toBe(expected);
  });
  it('rejects impossible dates', () => {
    expect(parseDate('31/02/2024')).toBeUndefined();
    expect(parseDate('2024-13-01')).toBeUndefined();
    expect(parseDate('hôm qua')).toBeUndefined();
  });
  it('reads spreadsheet dates and serials', () => {
    expect(parseDate(new Date(Date.UTC(2024, 3, 1)))).toBe('2024-04-01');
    expect(parseDate(45383)).toBe('2024-04-01');
  });
});
