// The catalog API the admin web uses, and the import formats, on a real database.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { until } from '../helpers/wait';
import {
  addAlias, applyImport, countProcedures, exportCatalog, getProcedure, listProcedures, loadSampleCatalogIfEmpty,
  previewImport, sampleCatalogRows, updateProcedure, CatalogError,
} from '../../knowledge/catalog';
import { readCatalogFile } from '../../knowledge/catalog-files';
import { catalogUnderstanding } from '../../knowledge/understand';
import { CATALOG_RECHECK_MS } from '../../knowledge/store';

let database: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), 'catalog-test-'));
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.reset();
});

const row = (over: Record<string, unknown> = {}) => ({
  code: '9.000001',
  name: 'Cấp giấy phép thả diều trên đê',
  field: 'Thử nghiệm',
  fees: [{ kind: 'fixed', amount: 12000, unit: 'lần' }],
  aliases: ['thả diều'],
  ...over,
});

describe('sample catalog', () => {
  it('loads the shipped catalog (at least 100 procedures) on first start, and only once', async () => {
    const shipped = sampleCatalogRows().length;
    expect(shipped).toBeGreaterThanOrEqual(100);
    expect(await loadSampleCatalogIfEmpty(database.db)).toBe(shipped);
    expect(await loadSampleCatalogIfEmpty(database.db)).toBe(0);
    expect(await countProcedures(database.db)).toBe(shipped);
    // Per-fact sources and the review date survive the database round trip.
    const assistance = (await getProcedure(database.db, '1.001776'))!;
    expect(assistance.reviewedAt).toBe('2026-11-30');
    expect(assistance.sources.time![0]!.doc).toBe('Cổng Dịch vụ công quốc gia, thủ tục 1.001776');
    const p = (await getProcedure(database.db, '2.000815'))!;
    expect(p.fees![0]).toMatchObject({ kind: 'per_page' });
    expect((await getProcedure(database.db, '2.001263'))!.timeText).toBeNull();
    // A procedure added from an official list, facts not yet verified: blanks, with the list as its source.
    const land = (await getProcedure(database.db, '1.012784'))!;
    expect(land).toMatchObject({ name: 'Tách thửa hoặc hợp thửa đất', fees: null, timeText: null });
    expect(land.sources.place![0]!.url).toMatch(/^https:\/\/cdn\.haiphong\.gov\.vn\//);
  });

  it('lists and searches with or without diacritics, by field', async () => {
    await loadSampleCatalogIfEmpty(database.db);
    expect((await listProcedures(database.db, { query: 'tam tru' })).map((p) => p.code)).toContain('1.004194');
    expect((await listProcedures(database.db, { query: '2.000815' })).map((p) => p.code)).toEqual(['2.000815']);
    const hk = await listProcedures(database.db, { field: 'ho kinh doanh' });
    expect(hk.length).toBe(7);
  });

  it('exports rows that import back unchanged (idempotent)', async () => {
    await loadSampleCatalogIfEmpty(database.db);
    const rows = await exportCatalog(database.db);
    const again = await applyImport(database.db, rows);
    expect(again.ok).toBe(true);
    expect(again.applied).toBe(false);
    expect(again.changes.every((c) => c.action === 'unchanged')).toBe(true);
  });
});

describe('import', () => {
  it('previews without changing, then applies inserts and updates in one go', async () => {
    await loadSampleCatalogIfEmpty(database.db);
    const rows = [row(), { code: '2.000913', fees: [{ kind: 'fixed', amount: 35000, unit: 'hợp đồng' }] }];
    const preview = await previewImport(database.db, rows);
    expect(preview.ok).toBe(true);
    expect(preview.changes).toEqual([
      expect.objectContaining({ code: '9.000001', action: 'insert' }),
      expect.objectContaining({ code: '2.000913', action: 'update', fields: ['fees'] }),
    ]);
    expect(await getProcedure(database.db, '9.000001')).toBeNull();
    const applied = await applyImport(database.db, rows);
    expect(applied.applied).toBe(true);
    const updated = (await getProcedure(database.db, '2.000913'))!;
    expect(updated.fees).toEqual([{ kind: 'fixed', amount: 35000, unit: 'hợp đồng' }]);
    // A partial row keeps the other fields.
    expect(updated.name).toBe('Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch');
  });

  it('a bad row stops the import with its row number and reason; nothing changes', async () => {
    await loadSampleCatalogIfEmpty(database.db);
    const before = await exportCatalog(database.db);
    const result = await applyImport(database.db, [
      row(),
      { code: '2.000913', fees: [{ kind: 'fixed', amount: 35000 }] },
      { code: '9.000002', name: 'Thiếu lĩnh vực' },
      { code: 'abc', name: 'Mã sai', field: 'X y' },
    ]);
    expect(result.ok).toBe(false);
    expect(result.applied).toBe(false);
    expect(result.errors.map((e) => e.row)).toEqual([3, 4]);
    expect(result.errors[0]!.reason).toMatch(/field/);
    expect(result.errors[1]!.reason).toMatch(/1\.001193/);
    expect(await exportCatalog(database.db)).toEqual(before);
  });

  it('refuses javascript: and data: links; cleans control characters from imported text', async () => {
    for (const onlineUrl of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'JavaScript://%0aalert(1)']) {
      const result = await applyImport(database.db, [row({ onlineUrl })]);
      expect(result.ok).toBe(false);
      expect(result.errors[0]!.reason).toMatch(/http/);
    }
    const ok = await applyImport(database.db, [row({ onlineUrl: 'https://dichvucong.gov.vn/p/home', name: 'Thủ tục\u0000 thử\u0007' })]);
    expect(ok.ok).toBe(true);
    const exported = await exportCatalog(database.db);
    expect(exported.find((p) => p.code === '9.000001')!.name).toBe('Thủ tục thử');
  });

  it('rejects a fee rule that is not one of the known shapes', async () => {
    const result = await applyImport(database.db, [row({ fees: [{ kind: 'gift', amount: 1 }] })]);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ row: 1, code: '9.000001' });
    expect(await countProcedures(database.db)).toBe(0);
  });

  it('reads CSV with Vietnamese headers, lists, compact fees and U for unverified', async () => {
    const file = path.join(dir, 'catalog.csv');
    writeFileSync(
      file,
      '\uFEFFmã thủ tục,tên thủ tục,lĩnh vực,thời hạn giải quyết,lệ phí,tên gọi khác\n' +
        '9.000001,Cấp giấy phép thả diều,Thử nghiệm,02 ngày làm việc,"page 1-2=2000, 3+=1000, cap 200000",thả diều | diều sáo\n' +
        '9.000002,Thủ tục chưa rõ,Thử nghiệm,U,U,\n',
    );
    const rows = await readCatalogFile(file);
    const result = await applyImport(database.db, rows);
    expect(result.ok).toBe(true);
    const p = (await getProcedure(database.db, '9.000001'))!;
    expect(p.aliases).toEqual(['thả diều', 'diều sáo']);
    expect(p.fees![0]).toMatchObject({ kind: 'per_page', cap: 200000 });
    const u = (await getProcedure(database.db, '9.000002'))!;
    expect(u.timeText).toBeNull();
    expect(u.fees).toBeNull();
  });

  it('CSV errors name the line of the file (header is line 1)', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'code,name,field\n9.000001,Tốt,Thử nghiệm\n9.00000X,Sai mã,Thử nghiệm\n');
    const result = await applyImport(database.db, await readCatalogFile(file));
    expect(result.errors).toEqual([expect.objectContaining({ row: 3 })]);
    expect(await countProcedures(database.db)).toBe(0);
  });

  it('reads XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('TTHC');
    ws.addRow(['code', 'name', 'field', 'timeDays', 'documents', 'fees']);
    ws.addRow(['9.000003', 'Cấp phép thử', 'Thử nghiệm', 3, 'Tờ khai\nGiấy tờ tùy thân', 'case 10000/trường hợp']);
    const file = path.join(dir, 'catalog.xlsx');
    await wb.xlsx.writeFile(file);
    const result = await applyImport(database.db, await readCatalogFile(file));
    expect(result.ok).toBe(true);
    const p = (await getProcedure(database.db, '9.000003'))!;
    expect(p.timeDays).toBe(3);
    expect(p.documents).toEqual(['Tờ khai', 'Giấy tờ tùy thân']);
    expect(p.fees).toEqual([{ kind: 'per_case', amount: 10000, unit: 'trường hợp' }]);
  });

  it('reads JSON in the national portal record shape', async () => {
    const portal = {
      code: 'OK',
      data: {
        code: '2.000815',
        name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
        category: { name: 'Chứng thực', code: 'G15-TP03' },
        executionMethods: [
          { submissionMethod: 'DIRECT', processingTime: 0, description: '2.000 đồng/trang', fees: [{ type: 'FEE', value: 2000, description: '/trang', currencyName: 'Việt Nam Đồng' }] },
          { submissionMethod: 'DIRECT', description: '10 USD/bản', fees: [{ type: 'FEE', value: 10, description: '/bản', currencyName: 'USD' }] },
        ],
        executionCases: [{ profileComponents: [{ name: 'Bản chính giấy tờ', originalQty: 1, copyQty: 0, code: '000.00.00.G15-KQ1973' }] }],
        legalBasisesDetails: [{ name: 'Nghị định 23/2015', code: '23/2015/NĐ-CP' }],
        cases: [{ processingDay: { qty: 1, type: 'WORKING_DAY' } }],
        isWard: true,
        isFullProcess: false,
      },
    };
    const file = path.join(dir, 'portal.json');
    writeFileSync(file, JSON.stringify(portal));
    const result = await applyImport(database.db, await readCatalogFile(file));
    expect(result.ok).toBe(true);
    const p = (await getProcedure(database.db, '2.000815'))!;
    expect(p.field).toBe('Chứng thực');
    expect(p.fees).toEqual([{ kind: 'fixed', amount: 2000, unit: 'trang' }]);
    expect(p.documents).toEqual(['Bản chính giấy tờ (1 bản chính)']);
    expect(p.timeText).toBe('01 ngày làm việc');
    expect(p.legalBasis).toBe('23/2015/NĐ-CP');
    // Each fact read from the record names the record, with its address on the portal.
    const record = { doc: 'Cổng Dịch vụ công quốc gia, thủ tục 2.000815', url: 'https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=2.000815' };
    expect(p.sources).toEqual({ documents: [record], fees: [record], time: [record], legalBasis: [{ doc: '23/2015/NĐ-CP' }] });
  });

  it('still imports files without per-fact sources or review date (then catalog:check lists the gaps)', async () => {
    const result = await applyImport(database.db, [row({ reviewedAt: undefined })]);
    expect(result.ok).toBe(true);
    expect((await getProcedure(database.db, '9.000001'))!).toMatchObject({ sources: {}, reviewedAt: null });
  });

  it('reads a sources column, one source per line, and refuses a bad one with its line', async () => {
    const file = path.join(dir, 'sources.csv');
    writeFileSync(
      file,
      'code,name,field,lệ phí,nguồn theo thông tin,ngày rà soát\n' +
        '9.000004,Cấp phép thử nguồn,Thử nghiệm,fixed 15000/lần,"fees: Thông tư 75/2022/TT-BTC | Điều 3 | 2022-12-22\ntime: Cổng Dịch vụ công quốc gia, thủ tục 9.000004 |  |  | https://dichvucong.gov.vn/",2026-11-30\n',
    );
    const result = await applyImport(database.db, await readCatalogFile(file));
    expect(result.ok).toBe(true);
    const p = (await getProcedure(database.db, '9.000004'))!;
    expect(p.reviewedAt).toBe('2026-11-30');
    expect(p.sources.fees).toEqual([{ doc: 'Thông tư 75/2022/TT-BTC', article: 'Điều 3', date: '2022-12-22' }]);
    expect(p.sources.time![0]!.url).toBe('https://dichvucong.gov.vn/');
    writeFileSync(file, 'code,name,field,sources\n9.000005,Sai nguồn,Thử nghiệm,fees: Thông tư 75 | Điều 3 | hôm qua\n');
    await expect(readCatalogFile(file)).rejects.toThrow(/dòng 2.*nguồn dòng 1/);
  });
});

describe('changes reach the understanding', () => {
  it('update, alias and import through the API are seen by the next analyze()', async () => {
    await loadSampleCatalogIfEmpty(database.db);
    const understanding = catalogUnderstanding(database.db);
    expect((await understanding.analyze('thả diều trên đê', {})).procedures).toEqual([]);
    await applyImport(database.db, [row()]);
    expect((await understanding.analyze('thả diều trên đê', {})).procedures[0]?.code).toBe('9.000001');

    await addAlias(database.db, '1.001193', 'giấy tờ cho thiên thần nhỏ');
    expect((await understanding.analyze('thien than nho', {})).procedures[0]?.code).toBe('1.001193');

    await updateProcedure(database.db, '9.000001', { active: false });
    expect((await understanding.analyze('thả diều trên đê', {})).procedures).toEqual([]);
    await expect(updateProcedure(database.db, '9.999999', { name: 'Không có' })).rejects.toBeInstanceOf(CatalogError);
    await expect(updateProcedure(database.db, '1.001193', { fees: [{ kind: 'fixed', amount: -1 }] as never })).rejects.toBeInstanceOf(CatalogError);
  });

  it('a change written by another process is seen within a few seconds', async () => {
    await loadSampleCatalogIfEmpty(database.db);
    const understanding = catalogUnderstanding(database.db);
    expect((await understanding.analyze('ấp trứng vịt lộn', {})).procedures).toEqual([]);
    // Another process writes straight to the table (as an admin instance on PostgreSQL would).
    await database.db.execute(
      sql`update procedures set aliases = '["ấp trứng vịt lộn"]'::jsonb, updated_at = now() where code = '1.011609'`,
    );
    const found = async () => (await understanding.analyze('ấp trứng vịt lộn', {})).procedures[0]?.code === '1.011609';
    await until(found, { timeoutMs: CATALOG_RECHECK_MS + 2000, everyMs: 100, what: 'the change to be seen' });
  });
});
