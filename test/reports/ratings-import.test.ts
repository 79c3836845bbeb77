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
import { referenceRatings } from './fixture';

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

const count = async () =>
  Number(((await t.db.execute(sql`select count(*)::int as n from ratings`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

describe('npm run ratings:import', () => {
  it('imports the reference forms from CSV and scores them 17,1', async () => {
    const file = path.join(dir, 'phieu.csv');
    writeFileSync(file, [RATING_HEADERS, ...referenceLines()].map((l) => l.join(',')).join('\n'));
    const o = io();
    expect(await runRatingsImport([file], { db: t.db, config: testConfig(), io: o })).toBe(0);
    expect(o.out).toContain('imported 229 rating(s)');
    const s = await satisfactionFigures(t.db, '2024-03-15', '2024-06-14');
    expect(s).toMatchObject({ forms: 227, score: 17.1, rating: 'xuat_sac', levels: { binh_thuong: 0.9, hai_long: 23.3, rat_hai_long: 75.8 } });
    // Again: one rating per dossier, nothing added.
    const again = io();
    await runRatingsImport([file], { db: t.db, config: testConfig(), io: again });
    expect(again.out).toContain('imported 0 rating(s)');
    expect(again.out).toContain('229 already rated');
    expect(await count()).toBe(229);
  });

  it('imports XLSX, lists bad lines with their number and skips them', async () => {
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
    expect(await runRatingsImport([file], { db: t.db, config: testConfig(), io: o })).toBe(1);
    expect(o.err).toContain('line 3: chi_so_1 "3"');
    expect(o.err).toContain('line 4: ngay_danh_gia');
    expect(o.err).toContain('line 5: muc_do "tuyet voi"');
    expect(o.out).toContain('imported 1 rating(s)');
    expect(o.out).toContain('1 repeated in the file');
    const rows = (await t.db.execute(sql`select rated_on::text as d, idx2, idx7, level from ratings`)) as unknown as {
      rows: { d: string; idx2: number | null; idx7: number; level: string }[];
    };
    expect(rows.rows).toEqual([{ d: '2024-05-02', idx2: null, idx7: 1, level: 'rat_hai_long' }]);
  });

  it('refuses a file without the expected headers and says which are missing', async () => {
    const file = path.join(dir, 'sai.csv');
    writeFileSync(file, 'ma,ngay\nA,2024-05-01\n');
    const o = io();
    expect(await runRatingsImport([file], { db: t.db, config: testConfig(), io: o })).toBe(1);
    expect(o.err).toContain('missing column(s): ma_ho_so, ngay_danh_gia');
    expect(await count()).toBe(0);
  });
});
