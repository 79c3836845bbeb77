import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { testConfig } from '../helpers/assistant';
import { initI18n } from '../../core/i18n';
import { runRatingsImport } from '../../reports/cli/ratings-import';
import { satisfactionFigures } from '../../reports/figures';
import { RATING_HEADERS } from '../../reports/ratings-import';
import { dossier, insertDossiers, referenceRatings } from './fixture';

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  await initI18n();
  t = await openTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'ratings-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await t.reset();
});

const io = () => {
  const o = { out: '', err: '', tty: false, stdout: (s: string) => void (o.out += s), stderr: (s: string) => void (o.err += s) };
  return o;
};

function referenceLines(): string[][] {
  return referenceRatings().map((r) => [
    r.dossierCode,
    // Paper forms are typed as DD/MM/YYYY.
    r.ratedOn.split('-').reverse().join('/'),
    ...[r.idx1, r.idx2, r.idx3, r.idx4, r.idx5, r.idx6, r.idx7, r.idx8, r.idx9].map((v) => (v == null ? '' : String(v))),
    r.level ?? '',
  ]);
}

/** Dossiers for these codes, received and finished in February 2024 (outside Q2: they change no 06a figure). */
async function knownDossiers(codes: string[]): Promise<void> {
  await insertDossiers(t.db, codes.map((code) => dossier({ code, receivedDate: '2024-02-01', dueDate: '2024-02-05', endDate: '2024-02-03', returnedDate: '2024-02-03' })));
}

const TODAY = '2024-07-01';

const count = async () =>
  Number(((await t.db.execute(sql`select count(*)::int as n from ratings`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

describe('npm run ratings:import', () => {
  it('imports the reference forms from CSV and scores them 17,1', async () => {
    const file = path.join(dir, 'phieu.csv');
    writeFileSync(file, [RATING_HEADERS, ...referenceLines()].map((l) => l.join(',')).join('\n'));
    await knownDossiers(referenceRatings().map((r) => r.dossierCode));
    const o = io();
    expect(await runRatingsImport([file], { db: t.db, config: testConfig(), io: o, today: TODAY })).toBe(0);
    expect(o.out).toContain('Đã nhập 229 phiếu');
    const s = await satisfactionFigures(t.db, '2024-03-15', '2024-06-14');
    expect(s).toMatchObject({ forms: 227, score: 17.1, rating: 'xuat_sac', levels: { binh_thuong: 0.9, hai_long: 23.3, rat_hai_long: 75.8 } });
    // Again: one rating per dossier, nothing added.
    const again = io();
    await runRatingsImport([file], { db: t.db, config: testConfig(), io: again, today: TODAY });
    expect(again.out).toContain('Đã nhập 0 phiếu');
    expect(again.out).toContain('229 hồ sơ đã có phiếu');
    expect(await count()).toBe(229);
  });

  it('refuses a file with bad lines (number and reason), or imports the good ones with --skip-invalid', async () => {
    await knownDossiers(['H56-240501-0001', 'H56-240501-0002', 'H56-240501-0003', 'H56-240501-0004']);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Phieu');
    ws.addRow(RATING_HEADERS);
    ws.addRow(['H56-240501-0001', new Date(Date.UTC(2024, 4, 2)), 2, '', 2, 2, 2, 2, 1, 2, 2, 'Rất hài lòng']);
    ws.addRow(['H56-240501-0002', '2024-05-03', 3, 2, 2, 2, 2, 2, 2, 2, 2, 'hai_long']);
    ws.addRow(['H56-240501-0003', 'hôm qua', 2, 2, 2, 2, 2, 2, 2, 2, 2, 'hai_long']);
    ws.addRow(['H56-240501-0004', '2024-05-04', 2, 2, 2, 2, 2, 2, 2, 2, 2, 'tuyet voi']);
    ws.addRow(['H56-240501-0001', '2024-05-05', 0, 0, 0, 0, 0, 0, 0, 0, 0, 'khong_hai_long']);
    const file = path.join(dir, 'kiosk.xlsx');
    await wb.xlsx.writeFile(file);
    const o = io();
    expect(await runRatingsImport([file], { db: t.db, config: testConfig(), io: o, today: TODAY })).toBe(1);
    expect(o.err).toContain('dòng 3: chi_so_1 "3"');
    expect(o.err).toContain('dòng 4: ngay_danh_gia');
    expect(o.err).toContain('dòng 5: muc_do "tuyet voi"');
    expect(o.err).toContain('Không nhập phiếu nào');
    expect(await count()).toBe(0);

    const en = io();
    expect(await runRatingsImport([file, '--lang', 'en'], { db: t.db, config: testConfig(), io: en, today: TODAY })).toBe(1);
    expect(en.err).toContain('No form imported from');
    expect(en.err).toContain('add --skip-invalid to skip the bad lines');

    const skipped = io();
    expect(await runRatingsImport([file, '--skip-invalid'], { db: t.db, config: testConfig(), io: skipped, today: TODAY })).toBe(0);
    expect(skipped.out).toContain('Đã nhập 1 phiếu');
    expect(skipped.out).toContain('1 dòng trùng hồ sơ trong tệp');
    const rows = (await t.db.execute(sql`select rated_on::text as d, idx2, idx7, level from ratings`)) as unknown as {
      rows: { d: string; idx2: number | null; idx7: number; level: string }[];
    };
    expect(rows.rows).toEqual([{ d: '2024-05-02', idx2: null, idx7: 1, level: 'rat_hai_long' }]);
  });

  it('refuses forms of unknown dossiers, dated before the receipt, or in the future; never counts them', async () => {
    await insertDossiers(t.db, [dossier({ code: 'H56-240510-0001', receivedDate: '2024-05-10', dueDate: '2024-05-15', endDate: '2024-05-14', returnedDate: '2024-05-14' })]);
    await knownDossiers(['H56-240201-0009']);
    const file = path.join(dir, 'sai-ho-so.csv');
    const line = (code: string, date: string) => [code, date, 2, 2, 2, 2, 2, 2, 2, 2, 2, 'hai_long'].join(',');
    writeFileSync(
      file,
      [RATING_HEADERS.join(','), line('H56-240510-0001', '2024-05-09'), line('KHONG-CO-0001', '2024-05-20'), line('H56-240201-0009', '2024-07-02'), line('H56-240510-0001', '2024-05-16')].join('\n'),
    );
    const o = io();
    expect(await runRatingsImport([file], { db: t.db, config: testConfig(), io: o, today: TODAY })).toBe(1);
    expect(o.err).toContain('dòng 2: ngay_danh_gia 09/05/2024 trước ngày tiếp nhận hồ sơ H56-240510-0001 (10/05/2024)');
    expect(o.err).toContain('dòng 3: không có hồ sơ mã KHONG-CO-0001');
    expect(o.err).toContain('dòng 4: ngay_danh_gia 02/07/2024 ở tương lai');
    expect(await count()).toBe(0);

    const skipped = io();
    expect(await runRatingsImport([file, '--skip-invalid'], { db: t.db, config: testConfig(), io: skipped, today: TODAY })).toBe(0);
    expect(skipped.out).toContain('Đã nhập 1 phiếu');
    expect(skipped.out).toContain('3 dòng lỗi bỏ qua');
    // Only the valid form counts in the period.
    expect((await satisfactionFigures(t.db, '2024-04-15', '2024-07-14')).forms).toBe(1);
  });

  it('says how to use it, what is wrong with the arguments and what to do, in Vietnamese or with --lang en', async () => {
    const help = io();
    expect(await runRatingsImport(['--help'], { db: t.db, config: testConfig(), io: help })).toBe(0);
    expect(help.out).toContain('Cách dùng: npm run ratings:import -- TỆP');
    expect(help.out).toContain(RATING_HEADERS.join(', '));
    const helpEn = io();
    expect(await runRatingsImport(['--help', '--lang', 'en'], { db: t.db, config: testConfig(), io: helpEn })).toBe(0);
    expect(helpEn.out).toContain('Usage: npm run ratings:import -- FILE');
    const bad = io();
    expect(await runRatingsImport(['--nhap'], { db: t.db, config: testConfig(), io: bad })).toBe(2);
    expect(bad.err).toBe('Không có tùy chọn --nhap. Xem cách dùng: npm run ratings:import -- --help\n');
    const none = io();
    expect(await runRatingsImport([], { db: t.db, config: testConfig(), io: none })).toBe(2);
    expect(none.err).toContain('Cần tên tệp phiếu đánh giá');
    const missing = io();
    expect(await runRatingsImport([path.join(dir, 'khong-co.csv'), '--lang=en'], { db: t.db, config: testConfig(), io: missing })).toBe(1);
    expect(missing.err).toContain('khong-co.csv: file not found. Check the file');
  });

  it('refuses a file without the expected headers and says which are missing', async () => {
    const file = path.join(dir, 'sai.csv');
    writeFileSync(file, 'ma,ngay\nA,2024-05-01\n');
    const o = io();
    expect(await runRatingsImport([file], { db: t.db, config: testConfig(), io: o, today: TODAY })).toBe(1);
    expect(o.err).toContain('thiếu cột: ma_ho_so, ngay_danh_gia');
    expect(await count()).toBe(0);
  });
});
