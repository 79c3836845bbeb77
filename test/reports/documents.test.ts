// The CLI on the reference quarter: the JSON keys the issue lists, the same figures as text inside the
// .docx (word/document.xml) and in the sheets 06a and 5a of the .xlsx; the saved draft's texts; what is
// refused (bad date, unfinished or empty period, missing folder) and said in Vietnamese.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { testConfig } from '../helpers/assistant';
import { runReport } from '../../reports/cli/report';
import type { CliIO } from '../../core/cli';
import { SHIPPED_TEMPLATE, loadTemplate } from '../../reports/template';
import { applyEdits, openDraft } from '../../reports/draft';
import { parsePeriod } from '../../reports/period';
import { saveDraftEdits } from '../../models/repos/report-drafts';
import { initI18n } from '../../core/i18n';
import { loadReferenceQuarter } from './fixture';

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  await initI18n();
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

const docxXml = (file: string) => execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });

/** The texts of the runs highlighted (placeholders and carried values). */
function highlighted(file: string): string[] {
  return [...docxXml(file).matchAll(/<w:r>(?:(?!<\/w:r>).)*?<w:highlight [^>]*\/>(?:(?!<\/w:r>).)*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
}

/** The visible text of a .docx: paragraphs of word/document.xml joined by new lines. */
function docxText(file: string): string {
  const xml = docxXml(file);
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
    expect(j.dossiers.online_uptake).toEqual({ full_online: { received: 82, online: 82 }, partial_online: { received: 229, online: 220 } });
    expect(j.apologies_detail).toEqual({ by_field: [{ field: 'Chứng thực', count: 2 }], ended_by_new_due: 2, ended_after_new_due: 0, open: 0 });
    expect(io.err).toMatch(/nhận giải quyết 315, đã giải quyết 315/);
  });

  it('says its summary, warnings and refusals in English with --lang en', async () => {
    const io = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--json', '--lang', 'en'], { db: t.db, config: testConfig(), io })).toBe(0);
    expect(io.err).toMatch(/^Report Q2 2024 \(15\/03\/2024–14\/06\/2024\): 315 received, 315 resolved, 0 in process/);
    expect(io.err).not.toContain('nhận giải quyết');
    const refused = captureIO();
    expect(await runReport(['--period', '2025-Q1', '--out', path.join(dir, 'en.docx'), '--lang', 'en'], { db: t.db, config: testConfig(), io: refused, today: '2025-01-10' })).toBe(1);
    expect(refused.err).toContain('Report not written: the period Q1 2025 has not ended (figures until 14/03/2025).');
    expect(refused.err).toContain('run again with --force');
    const bad = captureIO();
    expect(await runReport(['--quy', '2'], { db: t.db, config: testConfig(), io: bad })).toBe(2);
    expect(bad.err).toBe('Không có tùy chọn --quy. Xem cách dùng: npm run report -- --help\n');
    const none = captureIO();
    expect(await runReport([], { db: t.db, config: testConfig(), io: none })).toBe(2);
    expect(none.err).toContain('Kỳ báo cáo không hợp lệ: cần kỳ báo cáo: --period 2024-Q2, hoặc --from và --to.');
  });

  it('writes the .docx: NĐ 30 layout, computed figures, placeholders where nobody wrote, no data-check page', async () => {
    const out = path.join(dir, 'bao-cao.docx');
    const io = captureIO();
    const config = testConfig({ REPORT_PARENT_BODY: 'UBND huyện Hoằng Hóa', REPORT_SIGNER_NAME: 'Lê Văn Ký' });
    const code = await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config, io });
    expect(code).toBe(0);
    const text = docxText(out);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('UBND HUYỆN HOẰNG HÓA');
    expect(text).toContain('UBND XÃ HOÀNG KIM');
    expect(text).toContain('/BC-UBND');
    // Without --date the day and month are left blank for the signer.
    expect(text).toMatch(/Hoàng Kim, ngày\s{3,}tháng\s{3,}năm \d{4}/);
    expect(text).toContain('quý II năm 2024');
    expect(text).toContain('từ ngày 15/03/2024 đến ngày 14/06/2024');
    expect(text).toMatch(/nhận giải quyết trong kỳ: 315 hồ sơ, trong đó: tiếp nhận trực tuyến 302 hồ sơ; tiếp nhận trực tiếp và qua dịch vụ bưu chính 9 hồ sơ; từ kỳ trước chuyển sang 4 hồ sơ/);
    expect(text).toMatch(/đã giải quyết: 315 hồ sơ, trong đó: trước hạn 255 hồ sơ; đúng hạn 60 hồ sơ; quá hạn 0 hồ sơ/);
    expect(text).toMatch(/đang giải quyết: 0 hồ sơ/);
    expect(text).toContain('82 hồ sơ thuộc TTHC cung cấp dịch vụ công trực tuyến toàn trình và 233 hồ sơ thuộc TTHC cung cấp dịch vụ công trực tuyến một phần');
    // The online-service line: received online over received, per level, beside the target (not entered yet).
    expect(text).toContain('82/82 hồ sơ, đạt 100,0% (chỉ tiêu được giao: [chưa nhập]%)');
    expect(text).toContain('220/229 hồ sơ, đạt 96,1%');
    expect(text).toContain('227 phiếu đánh giá; điểm đánh giá 17,1/18 điểm, xếp loại Xuất sắc');
    expect(text).toContain('Bình thường 0,9%, Hài lòng 23,3%, Rất hài lòng 75,8%');
    // The apology letters are explained beside "quá hạn 0": field, and why they are not late.
    expect(text).toContain('xin lỗi và hẹn lại ngày trả kết quả đã ban hành: 2 phiếu (Chứng thực: 2 phiếu)');
    expect(text).toContain('đúng ngày hẹn lại ghi trong phiếu, nên Biểu 06a tính là đúng hạn');
    for (const heading of ['I. KẾT QUẢ ĐẠT ĐƯỢC', '8. Về thực hiện TTHC trên môi trường điện tử', 'II. ', 'III. ', 'Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', 'Lê Văn Ký']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('- UBND huyện Hoằng Hóa (b/c);');
    // Nothing the data cannot know is printed as a fact: those sections are highlighted placeholders.
    for (const invented of ['100% TTHC', 'không được giao chủ trì', 'chưa phát hiện TTHC', 'niêm yết đầy đủ']) expect(text).not.toContain(invented);
    const marks = highlighted(out);
    expect(marks.some((m) => m.startsWith('[CẦN NHẬP: Các quyết định, kế hoạch'))).toBe(true);
    expect(marks).toContain('[chưa nhập]');
    // Forms 06a and 5a are attached to the report; the data-check page is not.
    expect(text).toContain('Biểu 06a');
    expect(text).toContain('Biểu 5a');
    expect(text.match(/\(Kèm theo Báo cáo số\s+\/BC-UBND ngày\s+tháng\s+năm \d{4} của UBND xã Hoàng Kim\)/g)).toHaveLength(2);
    expect(text).toContain('Trong đó');
    expect(text).not.toContain('KIỂM TRA SỐ LIỆU');
    expect(text).not.toContain('Có 2 phiếu xin lỗi');
    expect(text).not.toMatch(/\{\{/);
    // The warnings are on screen instead, in Vietnamese.
    expect(io.err).toMatch(/Có 2 phiếu xin lỗi/);
    expect(io.err).not.toMatch(/\b(received|resolved|wrote|warning)\b/);
    const xml = docxXml(out);
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
    expect(xml).toMatch(/<w:sz w:val="28"\/>/);
  });

  it('leaves out the parent body when there is none (district UBNDs were abolished on 1/7/2025)', async () => {
    const out = path.join(dir, 'khong-cap-tren.docx');
    expect(await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config: testConfig({ COMMUNE_NAME: 'UBND xã Thử Nghiệm' }), io: captureIO() })).toBe(0);
    const text = docxText(out);
    expect(text).not.toContain('HUYỆN');
    expect(text).toContain('UBND XÃ THỬ NGHIỆM');
    expect(text).toMatch(/Thử Nghiệm, ngày/);
    expect(text).not.toContain('(b/c)');
  });

  it('prints the date given with --date, refuses a bad one and warns about one before the end of the period', async () => {
    const out = path.join(dir, 'ngay.docx');
    const io = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--out', out, '--date', '2024-06-14'], { db: t.db, config: testConfig(), io })).toBe(0);
    expect(docxText(out)).toContain('Hoàng Kim, ngày 14 tháng 6 năm 2024');
    expect(docxText(out)).toContain('(Kèm theo Báo cáo số');
    expect(io.err).not.toContain('trước ngày kết thúc kỳ');
    for (const bad of ['2024-13-45', '2024-02-30', '14/06/2024']) {
      const e = captureIO();
      expect(await runReport(['--period', '2024-Q2', '--out', out, '--date', bad], { db: t.db, config: testConfig(), io: e })).toBe(2);
      expect(e.err).toContain(`--date "${bad}" không phải ngày có thật`);
    }
    const early = captureIO();
    expect(await runReport(['--period', '2024', '--out', out, '--date', '2024-06-14', '--force'], { db: t.db, config: testConfig(), io: early })).toBe(0);
    expect(early.err).toContain('ngày báo cáo 14/06/2024 trước ngày kết thúc kỳ (14/12/2024)');
  });

  it('uses the saved draft: confirmed texts print as written, texts carried from the previous period are highlighted', async () => {
    const tpl = loadTemplate();
    // The previous quarter's draft, written and confirmed.
    const q1 = await openDraft(t.db, parsePeriod('2024-Q1'), tpl, { create: true });
    await saveDraftEdits(t.db, q1.id!, applyEdits(tpl, q1, { 'text.I.1': 'Ban hành Kế hoạch số 12/KH-UBND ngày 10/01/2024 về kiểm soát TTHC.', 'fig.office_area_m2': '45' }), 'canbo');
    // Q2 starts from it, marked "xem lại"; one text is then written for Q2.
    const q2 = await openDraft(t.db, parsePeriod('2024-Q2'), tpl, { create: true });
    expect(q2.texts['I.1']).toEqual({ text: 'Ban hành Kế hoạch số 12/KH-UBND ngày 10/01/2024 về kiểm soát TTHC.', state: 'review' });
    expect(q2.figures.office_area_m2).toEqual({ value: 45, state: 'review' });
    expect(q2.figures.vneid_accounts).toEqual({ value: null, state: 'placeholder' });
    await saveDraftEdits(t.db, q2.id!, applyEdits(tpl, q2, { 'text.II.1': 'Một số người dân chưa quen nộp hồ sơ trực tuyến.', 'fig.vneid_accounts': '1234' }), 'canbo');

    const out = path.join(dir, 'ban-nhap.docx');
    const io = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config: testConfig(), io })).toBe(0);
    const text = docxText(out);
    const marks = highlighted(out);
    expect(text).toContain('Một số người dân chưa quen nộp hồ sơ trực tuyến.');
    expect(marks).not.toContain('Một số người dân chưa quen nộp hồ sơ trực tuyến.');
    expect(text).toContain('được kích hoạt trong kỳ: 1.234 tài khoản');
    expect(marks).toContain('Ban hành Kế hoạch số 12/KH-UBND ngày 10/01/2024 về kiểm soát TTHC.');
    expect(marks).toContain('[XEM LẠI – nội dung kỳ trước] ');
    expect(marks).toContain('45');
    expect(io.err).toContain('mục chưa xác nhận');
  });

  it('writes one workbook with the sheets 06a (official form) and 5a (satisfaction)', async () => {
    const out = path.join(dir, 'bieu.xlsx');
    const code = await runReport(['--period', '2024-Q2', '--xlsx', out], { db: t.db, config: testConfig({ REPORT_PARENT_BODY: 'UBND huyện Hoằng Hóa' }), io: captureIO() });
    expect(code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['06a', '5a']);
    const ws = wb.getWorksheet('06a')!;
    const cells = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    const all = Array.from({ length: ws.rowCount }, (_, i) => cells(i + 1).filter((v) => v != null).join(' | ')).join('\n');
    for (const part of ['Biểu số II.06a/VPCP/KSTT', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Đơn vị báo cáo: UBND xã Hoàng Kim', 'Đơn vị nhận báo cáo: UBND huyện Hoằng Hóa', 'Trong đó', 'THỦ TRƯỞNG ĐƠN VỊ', 'NGƯỜI LẬP BIỂU']) {
      expect(all).toContain(part);
    }
    const numbering = Array.from({ length: ws.rowCount }, (_, i) => i + 1).find((r) => cells(r)[0] === '(1)')!;
    expect(cells(numbering)).toEqual(Array.from({ length: 13 }, (_, i) => `(${i + 1})`));
    // Wrapped header rows have a height, so their labels do not overlap when printed.
    for (let r = numbering - 3; r < numbering; r++) expect(ws.getRow(r).height).toBeGreaterThanOrEqual(18);
    const total = Array.from({ length: ws.rowCount }, (_, i) => i + 1).find((r) => cells(r)[1] === 'Tổng cộng')!;
    expect(cells(total).slice(1)).toEqual(['Tổng cộng', 315, 302, 9, 4, 315, 255, 60, 0, 0, 0, 0]);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, fitToHeight: 1 });

    const s5 = wb.getWorksheet('5a')!;
    const rows5 = Array.from({ length: s5.rowCount }, (_, i) => (s5.getRow(i + 1).values as unknown[]).slice(1));
    const byLabel = (label: string) => rows5.find((r) => r[1] === label)!;
    const head = rows5.findIndex((r) => r[1] === 'Chỉ số đánh giá');
    const indices = rows5.slice(head + 1, head + 10);
    expect(indices.map((r) => [r[0], r[2], r[3]])).toEqual([1.9, 2, 2, 2, 2, 2, 1.9, 2, 1.3].map((v, i) => [i + 1, 2, v]));
    expect(byLabel('Tổng điểm').slice(2)).toEqual([18, 17.1]);
    expect(byLabel('Xếp loại')[2]).toBe('Xuất sắc');
    expect(byLabel('Tổng số phiếu đánh giá')[2]).toBe(227);
    expect(['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng'].map((l) => byLabel(l).slice(2))).toEqual([[172, 75.8], [53, 23.3], [2, 0.9], [0, 0]]);
  });

  it('refuses a period not ended or without data unless --force, with a warning', async () => {
    const out = path.join(dir, 'tuong-lai.docx');
    const io = captureIO();
    expect(await runReport(['--period', '2025-Q1', '--out', out], { db: t.db, config: testConfig(), io, today: '2025-01-10' })).toBe(1);
    expect(io.err).toContain('chưa kết thúc (số liệu đến hết ngày 14/03/2025)');
    expect(io.err).toContain('--force');
    expect(existsSync(out)).toBe(false);
    const forced = captureIO();
    expect(await runReport(['--period', '2025-Q1', '--out', out, '--force'], { db: t.db, config: testConfig(), io: forced, today: '2025-01-10' })).toBe(0);
    expect(forced.err).toContain('CẢNH BÁO: kỳ quý I năm 2025 chưa kết thúc');
    expect(existsSync(out)).toBe(true);

    const empty = path.join(dir, 'trong.docx');
    const none = captureIO();
    expect(await runReport(['--period', '2023-Q2', '--out', empty], { db: t.db, config: testConfig(), io: none })).toBe(1);
    expect(none.err).toContain('không có hồ sơ nào');
    expect(existsSync(empty)).toBe(false);
    expect(await runReport(['--period', '2023-Q2', '--out', empty, '--force'], { db: t.db, config: testConfig(), io: captureIO() })).toBe(0);
    // An empty period says so in words, not "-/18 điểm" or "0/0 hồ sơ".
    expect(docxText(empty)).toContain('Trong kỳ chưa có phiếu đánh giá');
    expect(docxText(empty)).toContain('Trong kỳ không có hồ sơ được giải quyết xong');
    expect(docxText(empty)).toContain('Trong kỳ không tiếp nhận hồ sơ mới');
    expect(docxText(empty)).not.toContain('-/18');
    expect(docxText(empty)).not.toContain('0/0');
  });

  it('accepts 2024-9M and 2024-H2, and names a missing output folder', async () => {
    for (const [spec, from, to] of [['2024-9M', '2023-12-15', '2024-09-14'], ['2024-H2', '2024-06-15', '2024-12-14']]) {
      const io = captureIO();
      expect(await runReport(['--period', spec!, '--json'], { db: t.db, config: testConfig(), io })).toBe(0);
      expect(JSON.parse(io.out).period).toMatchObject({ from, to });
    }
    const missing = path.join(dir, 'khong-co', 'bao-cao.docx');
    const io = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--out', missing], { db: t.db, config: testConfig(), io })).toBe(2);
    expect(io.err).toContain(`Thư mục ${path.dirname(missing)} không tồn tại`);
    expect(io.err).not.toContain('ENOENT');
  });

  it("takes the frame from the commune's own template, and names a broken one", async () => {
    const tpl = JSON.parse(readFileSync(SHIPPED_TEMPLATE, 'utf8'));
    tpl.sections.push({ key: 'rieng', paragraphs: [{ text: 'Đoạn riêng của xã: {{received_total}} hồ sơ, {{unknown_key}}.' }] });
    const custom = path.join(dir, 'mau.json');
    writeFileSync(custom, JSON.stringify(tpl));
    const out = path.join(dir, 'rieng.docx');
    const config = testConfig({ REPORT_TEMPLATE: custom });
    expect(await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config, io: captureIO() })).toBe(0);
    // Known placeholders are filled; an unknown one stays visible (highlighted) for the officer to fix.
    expect(docxText(out)).toContain('Đoạn riêng của xã: 315 hồ sơ, {{unknown_key}}.');
    expect(highlighted(out)).toContain('{{unknown_key}}');

    writeFileSync(custom, '{"sections": {}');
    const io = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config, io })).toBe(1);
    expect(io.err).toContain(custom);
    delete tpl.sections;
    writeFileSync(custom, JSON.stringify(tpl));
    const io2 = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--out', out], { db: t.db, config, io: io2 })).toBe(1);
    expect(io2.err).toContain('"sections"');
  });

  it('explains a bad period and prints --help, in Vietnamese', async () => {
    const io = captureIO();
    expect(await runReport(['--period', '2024-Q5'], { db: t.db, config: testConfig(), io })).toBe(2);
    expect(io.err).toContain('2024-Q2');
    expect(io.err).toContain('Kỳ báo cáo không hợp lệ');
    const unknown = captureIO();
    expect(await runReport(['--period', '2024-Q2', '--bogus'], { db: t.db, config: testConfig(), io: unknown })).toBe(2);
    expect(unknown.err).toContain('Không có tùy chọn --bogus');
    const help = captureIO();
    expect(await runReport(['--help'], { db: t.db, config: testConfig(), io: help })).toBe(0);
    expect(help.out).toContain('--period');
    expect(help.out).toContain('2024-9M');
  });
});
