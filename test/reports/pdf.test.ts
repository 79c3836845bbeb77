// The Q2/2024 report as an official reads it: rendered to PDF by LibreOffice (Times New Roman metrics
// through Liberation Serif), read back with pdftotext -layout. The Quốc hiệu stays on one line, the
// data-check page is not in the document, the forms 06a and 5a are attached.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { testConfig } from '../helpers/assistant';
import { runReport } from '../../reports/cli/report';
import { initI18n } from '../../core/i18n';
import { loadReferenceQuarter } from './fixture';

// .ci/run installs libreoffice-writer-nogui, fonts-liberation2 and poppler-utils; elsewhere the test
// runs when they are there.
const SOFFICE = '/usr/bin/soffice';
const rendererAvailable = (existsSync(SOFFICE) && existsSync('/usr/bin/pdftotext')) || process.env.CI === 'true';

describe.runIf(rendererAvailable)('the Q2/2024 report rendered by LibreOffice', () => {
  let t: TestDatabase;
  let dir: string;
  let pages: string[];

  beforeAll(async () => {
    await initI18n();
    t = await openTestDatabase();
    await loadReferenceQuarter(t.db);
    dir = mkdtempSync(path.join(tmpdir(), 'report-pdf-'));
    const docx = path.join(dir, 'bao-cao.docx');
    const io = { tty: false, stdout: () => {}, stderr: () => {} };
    expect(await runReport(['--period', '2024-Q2', '--out', docx], { db: t.db, config: testConfig({ REPORT_PARENT_BODY: 'UBND huyện Hoằng Hóa' }), io })).toBe(0);
    // A profile of its own: a LibreOffice already running for the user would otherwise take the job.
    execFileSync(SOFFICE, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore', timeout: 120_000 });
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'bao-cao.pdf'), '-'], { encoding: 'utf8' });
    pages = text.split('\f').filter((p) => p.trim());
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the Quốc hiệu on one line, beside the reporting body', () => {
    const lines = pages[0]!.split('\n');
    const quocHieu = lines.find((l) => l.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA'));
    expect(quocHieu).toBeDefined();
    expect(quocHieu).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(quocHieu).toContain('UBND HUYỆN HOẰNG HÓA');
    expect(lines.some((l) => /^\s*NAM\s*$/.test(l) || /^\s*VIỆT NAM\s*$/.test(l))).toBe(false);
    expect(lines.find((l) => l.includes('Độc lập - Tự do - Hạnh phúc'))).toContain('UBND XÃ HOÀNG KIM');
  });

  it('has no internal data-check page, and attaches forms 06a and 5a', () => {
    const all = pages.join('\n');
    expect(all).not.toMatch(/KIỂM TRA SỐ LIỆU|không gửi kèm|Có 2 phiếu xin lỗi/);
    const last = pages[pages.length - 1]!;
    expect(last).toContain('Biểu 5a');
    expect(last).toContain('17,1');
    expect(last).toContain('Xuất sắc');
    const form06a = pages.find((p) => p.includes('TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN'))!;
    expect(form06a).toContain('Kèm theo Báo cáo số');
    expect(form06a).toMatch(/Tổng cộng\s+315\s+302\s+9\s+4\s+315\s+255\s+60\s+0\s+0\s+0\s+0/);
    // The signature block closes the report itself, before the forms.
    const signed = pages.findIndex((p) => p.includes('TM. ỦY BAN NHÂN DÂN'));
    expect(signed).toBeGreaterThanOrEqual(0);
    expect(signed).toBeLessThan(pages.indexOf(form06a));
  });
});
