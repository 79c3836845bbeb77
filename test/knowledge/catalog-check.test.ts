// catalog:check as staff run it (on a fixture file and on the shipped catalog), and the pieces it
// rests on: replaced texts, per-fact sources in the text form the admin and spreadsheets use.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript, ROOT } from '../helpers/process';
import { checkCatalog, cites, loadReplacedTexts, type ReplacedText } from '../../knowledge/catalog-check';
import { procedureInputSchema, sampleCatalogRows, type Procedure } from '../../knowledge/catalog';
import { formatSourceLines, parseSourceLines, SourceLineError } from '../../knowledge/provenance';

const FIXTURE = path.join(ROOT, 'test', 'knowledge', 'fixtures', 'catalog-check.json');
const CHECK = 'knowledge/cli/catalog-check.ts';
const sample = () => sampleCatalogRows().map((r) => procedureInputSchema.parse(r) as Procedure);

describe('npm run catalog:check on a fixture', { timeout: 60_000 }, () => {
  it('lists each kind of finding, most harmful first, and exits 0 without --strict', async () => {
    const r = await runScript(CHECK, ['--file', FIXTURE, '--today', '2026-11-30']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('Rà soát danh mục ngày 30/11/2026: 4 thủ tục.');
    // Replaced basis: the legal basis text (short form "NĐ 01/2021") and the sources of two facts.
    expect(out).toContain('Căn cứ đã bị thay thế (3)');
    expect(out).toContain('9.100002  Thủ tục dựa trên nghị định cũ: Căn cứ pháp lý dựa trên Nghị định 01/2021/NĐ-CP, đã được thay thế bởi Nghị định 168/2025/NĐ-CP từ 01/07/2025');
    expect(out).toContain('9.100002  Thủ tục dựa trên nghị định cũ: Lệ phí dựa trên Nghị định 01/2021/NĐ-CP');
    expect(out).toContain('9.100002  Thủ tục dựa trên nghị định cũ: Thời hạn dựa trên Nghị định 01/2021/NĐ-CP');
    expect(out).toContain('Chưa ghi nguồn (5)');
    expect(out).toContain('9.100003  Thủ tục chưa ghi nguồn: Lệ phí có giá trị nhưng chưa ghi văn bản hoặc bản ghi nguồn');
    expect(out).toContain('Quá hạn rà soát (1)');
    expect(out).toContain('9.100004  Thủ tục lâu chưa rà soát, còn trống: Rà soát lần cuối ngày 01/10/2025 (quá 12 tháng)');
    expect(out).toContain('Còn trống (4)');
    expect(out).toContain('9.100004  Thủ tục lâu chưa rà soát, còn trống: Thời hạn: chưa có thông tin');
    expect(out).not.toContain('9.100001');
    expect(out.indexOf('Căn cứ đã bị thay thế')).toBeLessThan(out.indexOf('Chưa ghi nguồn'));
    expect(out).toContain('3 căn cứ đã bị thay thế · 5 thông tin chưa ghi nguồn · 1 thủ tục quá hạn rà soát · 4 thông tin còn trống');
  });

  it('exits 1 with --strict when something is listed; --json gives the same findings', async () => {
    const strict = await runScript(CHECK, ['--file', FIXTURE, '--today', '2026-11-30', '--strict', '--json']);
    expect(strict.code).toBe(1);
    const json = JSON.parse(strict.stdout) as { counts: Record<string, number>; findings: { code: string; kind: string; fact?: string }[] };
    expect(json.counts).toEqual({ replaced: 3, no_source: 5, stale: 1, blank: 4 });
    expect(json.findings[0]).toMatchObject({ code: '9.100002', kind: 'replaced', replacedBy: 'Nghị định 168/2025/NĐ-CP' });
  });

  it('counts the 12 months to --today: the same file a year earlier has no overdue review', async () => {
    const r = await runScript(CHECK, ['--file', FIXTURE, '--today', '2025-12-01', '--json']);
    expect(JSON.parse(r.stdout).counts.stale).toBe(0);
  });

  it('says what is wrong with a bad date or an unreadable file, with exit code 2', async () => {
    expect((await runScript(CHECK, ['--file', FIXTURE, '--today', '30/11/2026'])).code).toBe(2);
    const missing = await runScript(CHECK, ['--file', path.join(ROOT, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Không đọc được');
    const bad = await runScript(CHECK, ['--file', FIXTURE, '--today', '30/11/2026', '--lang', 'en']);
    expect(bad.stderr).toContain('--today must be YYYY-MM-DD (got "30/11/2026"), e.g. --today 2026-11-30.');
    const unknown = await runScript(CHECK, ['--ngay', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Không có tùy chọn --ngay. Xem cách dùng: npm run catalog:check -- --help');
  });

  it('speaks English with --lang en, findings included', async () => {
    const r = await runScript(CHECK, ['--file', FIXTURE, '--today', '2026-11-30', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Catalog review of 30/11/2026: 4 procedures.');
    expect(r.stdout).not.toContain('Rà soát danh mục');
  });

  it('catalog:import names a file it cannot read, in Vietnamese or English, before opening any database', async () => {
    const vi = await runScript('knowledge/cli/catalog-import.ts', [path.join(ROOT, 'nope.csv')]);
    expect(vi.code).toBe(1);
    expect(vi.stderr).toContain(`Không đọc được ${path.join(ROOT, 'nope.csv')}`);
    const en = await runScript('knowledge/cli/catalog-import.ts', ['--help', '--lang', 'en']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Usage: npm run catalog:import -- FILE [--dry-run] [--lang vi|en]');
  });
});

describe('the shipped catalog', () => {
  it('has at least 100 procedures, each reviewed, none resting on a replaced text, no fact without a source', () => {
    const all = sample();
    expect(all.length).toBeGreaterThanOrEqual(100);
    expect(new Set(all.map((p) => p.code)).size).toBe(all.length);
    const findings = checkCatalog(all, { today: '2026-11-30', replaced: loadReplacedTexts() });
    expect(findings.filter((f) => f.kind !== 'blank')).toEqual([]);
    for (const p of all) expect(p.reviewedAt, p.code).toBe('2026-11-30');
  });

  it('the six audit errors stay fixed, each with its source', () => {
    const by = new Map(sample().map((p) => [p.code, p]));
    expect(by.get('1.001776')!.timeText).toMatch(/^10 ngày làm việc.*UBND cấp xã/);
    expect(by.get('1.001776')!.sources.time![0]!.url).toContain('dichvucong.gov.vn');
    expect(by.get('1.001731')!.timeDays).toBe(3);
    expect(by.get('2.001035')!.submitWhere).toContain('nơi có đất');
    expect(by.get('2.001035')!.sources.place![0]).toMatchObject({ doc: 'Nghị định 23/2015/NĐ-CP', article: 'Điều 5 khoản 6' });
    expect(by.get('2.000635')!.fees!.some((r) => r.kind === 'exempt')).toBe(false);
    expect(by.get('1.004194')!.sources.fees!.map((s) => s.doc)).toContain('Nghị quyết 12/2025/NQ-HĐND tỉnh Thanh Hóa');
    for (const code of ['1.001612', '2.000720', '1.001570', '2.000575', '1.001266']) {
      expect(by.get(code)!.legalBasis).toContain('168/2025');
      expect(by.get(code)!.legalBasis).not.toContain('01/2021');
    }
    expect(by.get('1.001570')!.timeDays).toBe(1);
    expect(by.get('1.001266')!.timeDays).toBe(5);
    expect(by.get('1.004222')!.fees).toContainEqual(expect.objectContaining({ kind: 'fixed', amount: 20000 }));
  });
});

describe('replaced texts', () => {
  const r: ReplacedText = { text: 'Nghị định 01/2021/NĐ-CP', aliases: ['NĐ 01/2021'], replacedBy: 'Nghị định 168/2025/NĐ-CP', from: '2025-07-01', source: { doc: 'x x x' } };

  it('matches the number whatever the wording, but not another kind of text with the same number', () => {
    expect(cites('Nghị định số 01/2021/NĐ-CP ngày 04/01/2021', r)).toBe(true);
    expect(cites('NĐ 01/2021', r)).toBe(true);
    expect(cites('nghi dinh 01/2021/nd-cp', r)).toBe(true);
    expect(cites('Thông tư 01/2021/TT-BTP', r)).toBe(false);
    expect(cites('Nghị định 168/2025/NĐ-CP', r)).toBe(false);
  });

  it('the temporary fee waiver of TT 117/2026 comes back for review when it ends (1/3/2027)', () => {
    const all = sample();
    const replaced = loadReplacedTexts();
    const kinds = (today: string) => checkCatalog(all, { today, replaced }).filter((f) => f.kind === 'replaced' && f.text === 'Thông tư 117/2026/TT-BTC');
    expect(kinds('2027-02-28')).toEqual([]);
    const due = kinds('2027-03-01');
    expect(new Set(due.map((f) => f.code))).toEqual(new Set(['1.004222', '1.004194', '1.010038', '1.001193', '1.000894', '1.000656', '2.000635', '1.004772', '1.004837']));
    expect(due.every((f) => f.fact === 'fees' || f.fact === 'legalBasis')).toBe(true);
  });

  it('a text replaced only from a later date is not listed before that date', () => {
    const later = { ...r, from: '2027-03-01' };
    const p = procedureInputSchema.parse({ code: '9.100009', name: 'Thử nghiệm', field: 'Thử', legalBasis: 'Nghị định 01/2021/NĐ-CP' }) as Procedure;
    expect(checkCatalog([p], { today: '2026-11-30', replaced: [later] }).filter((f) => f.kind === 'replaced')).toEqual([]);
    expect(checkCatalog([p], { today: '2027-03-01', replaced: [later] }).filter((f) => f.kind === 'replaced')).toHaveLength(1);
  });
});

describe('sources as text (admin form, spreadsheet cell)', () => {
  it('round-trips, notes and addresses included', () => {
    const text = [
      'time: Nghị định 168/2025/NĐ-CP | Điều 90 | 2025-06-30',
      'fees: Cổng Dịch vụ công quốc gia, thủ tục 1.001612 |  |  | https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.001612 | mức do HĐND tỉnh quyết định',
      'căn cứ: Luật Hộ tịch số 60/2014/QH13',
    ].join('\n');
    const parsed = parseSourceLines(text);
    expect(parsed.time).toEqual([{ doc: 'Nghị định 168/2025/NĐ-CP', article: 'Điều 90', date: '2025-06-30' }]);
    expect(parsed.fees![0]).toMatchObject({ url: 'https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.001612', note: 'mức do HĐND tỉnh quyết định' });
    expect(parsed.legalBasis).toEqual([{ doc: 'Luật Hộ tịch số 60/2014/QH13' }]);
    expect(parseSourceLines(formatSourceLines(parsed))).toEqual(parsed);
  });

  it('names the line and what is wrong', () => {
    expect(() => parseSourceLines('time: NĐ 1 | Điều 2 | 30/6/2025')).toThrow(SourceLineError);
    expect(() => parseSourceLines('\nphí ấy: Thông tư 75/2022/TT-BTC')).toThrow(/nguồn dòng 2: bắt đầu bằng fees, time/);
  });
});
