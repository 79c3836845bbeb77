// The CLI on the reference quarter: the JSON keys the issue lists, and the same figures as text
// inside the .docx (word/document.xml) and in the 06a sheet of the .xlsx.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { testConfig } from '../helpers/assistant';
import { runReport, type CliIO } from '../../reports/cli/report';
import { SHIPPED_TEMPLATE } from '../../reports/template';
import { loadReferenceQuarter } from './fixture';

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await openTestDatabase();
  await loadReferenceQuarter(t.db);
  dir = mkdtempSync(path.join(tmpdir(), 'report-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function captureIO(): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', tty: false, stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

/** The visible text of a .docx: paragraphs of word/document.xml joined by new lines. */
function docxText(file: string): string {
  const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

describe('npm run report on the reference quarter', () => {
  it('prints the figures as JSON with the keys of the issue', async () => {
    const io = captureIO();
    const code = await runReport(['--period', '2024-Q2', '--json'], { db: t.db, config: testConfig(), io });
    expect(code).toBe(0);
    const j = JSON.parse(io.out);
    expect(j.period).toMatchObject({ from: '2024-03-15', to: '2024-06-14' });
    expect(typeof j.procedures_total).toBe('number');
    expect(j.dossiers.received).toEqual({ total: 315, online: 302, direct_postal: 9, carried_over: 4 });
    expect(j.dossiers.resolved).toEqual({ total: 315, before_due: 255, on_time: 60, late: 0 });
    expect(j.dossiers.in_process).toEqual({ total: 0, within_due: 0, overdue: 0 });
    expect(Array.isArray(j.dossiers.by_field)).toBe(true);
    expect(Object.keys(j.dossiers.by_source).sort()).toEqual(['chung_thuc_dien_tu', 'lien_thong', 'mot_cua']);
    expect(j.dossiers.by_online_level).toMatchObject({ full_online: 82, partial_online: 233, other: 0 });
    expect(j.feedback).toMatchObject({ received: 0, answered: 0, in_process: 0, transferred: 0 });
    expect(j.satisfaction).toMatchObject({
      forms: 227,
      score: 17.1,
      rating: 'xuat_sac',
      rating_label: 'Xuất sắc',
      levels: { rat_hai_long: 75.8, hai_long: 23.3, binh_thuong: 0.9, khong_hai_long: 0 },
    });
    expect(j.apologies).toBe(2);
    expect(j.warnings.map((w: { code: string }) => w.code)).toContain('apology_without_late');
    expect(io.err).toMatch(/received 315, resolved 315/);
  });

  it('writes the .docx with the figures in the text and the NĐ 30 layout', async () => {
    const out = path.join(dir, 'bao-cao.docx');
    const io = captureIO();
    const code = await runReport(['--period', '2024-Q2', '--out', out, '--date', '2024-06-14'], { db: t.db, config: testConfig(), io });
    expect(code).toBe(0);
    const text = docxText(out);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('/BC-UBND');
    expect(text).toContain('Hoàng Kim, ngày 14 tháng 6 năm 2024');
    expect(text).toContain('quý II năm 2024');
    expect(text).toContain('từ ngày 15/03/2024 đến ngày 14/06/2024');
    expect(text).toMatch(/nhận giải quyết trong kỳ: 315 hồ sơ, trong đó: tiếp nhận trực tuyến 302 hồ sơ; tiếp nhận trực tiếp và qua dịch vụ bưu chính 9 hồ sơ; từ kỳ trước chuyển sang 4 hồ sơ/);
    expect(text).toMatch(/đã giải quyết: 315 hồ sơ, trong đó: trước hạn 255 hồ sơ; đúng hạn 60 hồ sơ; quá hạn 0 hồ sơ/);
    expect(text).toMatch(/đang giải quyết: 0 hồ sơ/);
    expect(text).toContain('toàn trình: 82/82');
    expect(text).toContain('một phần: 233/233');
    expect(text).toContain('227 phiếu đánh giá; điểm đánh giá 17,1/18 điểm, xếp loại Xuất sắc');
    expect(text).toContain('Bình thường 0,9%, Hài lòng 23,3%, Rất hài lòng 75,8%');
    expect(text).toContain('xin lỗi và hẹn lại ngày trả kết quả đã ban hành: 2 phiếu');
    for (const heading of ['I. KẾT QUẢ ĐẠT ĐƯỢC', '8. Về thực hiện TTHC trên môi trường điện tử', 'II. ', 'III. ', 'Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']) {
      expect(text).toContain(heading);
    }
    // The appendix lists the consistency warnings the officer must see.
    expect(text).toContain('KẾT QUẢ KIỂM TRA SỐ LIỆU');
    expect(text).toMatch(/Có 2 phiếu xin lỗi/);
    // No placeholder left unfilled.
    expect(text).not.toMatch(/\{\{/);
    const xml = execFileSync('unzip', ['-p', out, 'word/document.xml'], { encoding: 'utf8' });
    expect(xml).toContain('w:ascii="Times New Roman"');
    // Margins in twips: top 20 mm ≈ 1134, left 30 mm ≈ 1701, right 15 mm ≈ 850.
    const margin = /<w:pgMar [^>]*w:top="(\d+)"[^>]*w:right="(\d+)"[^>]*w:bottom="(\d+)"[^>]*w:left="(\d+)"/.exec(xml);
    expect(margin).not.toBeNull();
    const [top, right, bottom, left] = margin!.slice(1).map((v) => (Number(v) * 25.4) / 1440);
    expect(top).toBeGreaterThanOrEqual(20);
    expect(top).toBeLessThanOrEqual(25);
    expect(bottom).toBeGreaterThanOrEqual(20);
    expect(bottom).toBeLessThanOrEqual(25);
    expect(left).toBeGreaterThanOrEqual(30);
    expect(left).toBeLessThanOrEqual(35);
    expect(right).toBeGreaterThanOrEqual(15);
    expect(right).toBeLessThanOrEqual(20);
    // Body text at 14 pt (28 half-points).
    expect(readFileSync(out).length).toBeGreaterThan(5000);
    expect(xml).toMatch(/<w:sz w:val="28"\/>/);
  });

  it('writes form 06a as .xlsx with 13 columns and the totals', async () => {
    const out = path.join(dir, '06a.xlsx');
    const code = await runReport(['--period', '2024-Q2', '--xlsx', out], { db: t.db, config: testConfig(), io: captureIO() });
    expect(code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('06a')!;
    const header = ws.getRow(7).values as unknown[];
    expect(header.slice(1)).toEqual(Array.from({ length: 13 }, (_, i) => `(${i + 1})`));
    const last = ws.getRow(ws.rowCount).values as unknown[];
    expect(last.slice(2)).toEqual(['Tổng cộng', 315, 302, 9, 4, 315, 255, 60, 0, 0, 0, 0]);
    // The split by source system adds up to the same total.
    const bySource = wb.getWorksheet('06a-nguon')!;
    const sources = [8, 9, 10].map((r) => (bySource.getRow(r).values as unknown[]).slice(2));
    expect(sources.map((r) => r[0])).toEqual(['Hệ thống một cửa điện tử', 'Phần mềm liên thông (khai sinh, khai tử)', 'Hệ thống chứng thực bản sao điện tử']);
    expect(sources.reduce((n, r) => n + (r[1] as number), 0)).toBe(315);
    expect((bySource.getRow(11).values as unknown[]).slice(2, 4)).toEqual(['Tổng cộng', 315]);
  });

  it("takes the narrative from the commune's own template, and names a broken one", async () => {
    const tpl = JSON.parse(readFileSync(SHIPPED_TEMPLATE, 'utf8'));
    tpl.header.body = 'UBND XÃ THỬ NGHIỆM';
    tpl.blocks.push({ style: 'paragraph', text: 'Đoạn riêng của xã: {{received_total}} hồ sơ, {{unknown_key}}.' });
    const custom = path.join(dir, 'mau.json');
    writeFileSync(custom, JSON.stringify(tpl));
    const out = path.join(dir, 'rieng.docx');
    const config = testConfig({ REPORT_TEMPLATE: custom });
    expect(await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config, io: captureIO() })).toBe(0);
    const text = docxText(out);
    expect(text).toContain('UBND XÃ THỬ NGHIỆM');
    // Known placeholders are filled; an unknown one stays visible for the officer to fix.
    expect(text).toContain('Đoạn riêng của xã: 315 hồ sơ, {{unknown_key}}.');

    writeFileSync(custom, '{"header": {}');
    const io = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config, io })).toBe(1);
    expect(io.err).toContain(custom);
    delete tpl.signer;
    writeFileSync(custom, JSON.stringify(tpl));
    const io2 = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config, io: io2 })).toBe(1);
    expect(io2.err).toContain('"signer"');
  });

  it('explains a bad period and prints --help', async () => {
    const io = captureIO();
    expect(await runReport(['--period', '2024-Q5'], { db: t.db, config: testConfig(), io })).toBe(2);
    expect(io.err).toContain('2024-Q2');
    const help = captureIO();
    expect(await runReport(['--help'], { db: t.db, config: testConfig(), io: help })).toBe(0);
    expect(help.out).toContain('--period');
  });
});
