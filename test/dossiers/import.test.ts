import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '../helpers/db';
import { importDossierFile, ImportFileError } from '../../handlers/dossiers/importer';
import { dossierHistoryOf, findDossier } from '../../models/repos/dossiers/records';
import { code, row, writeCsv, writeXlsx } from './fixtures';
import { dossiers } from '../../models/schema/dossiers';
import { initI18n } from '../../core/i18n';

beforeAll(() => initI18n());
const database = useTestDatabase();

const count = async () => (await database.db.select().from(dossiers)).length;

describe('dossier import', () => {
  it('imports a good file; the same file again changes nothing', async () => {
    const file = writeCsv([row(1), row(2, { trang_thai: 10, ngay_ket_thuc_xu_ly: '02/04/2024', ngay_tra_ket_qua: '2024-04-03' }), row(3)]);
    const first = await importDossierFile(database.db, file);
    expect(first).toMatchObject({ applied: true, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    const d = await findDossier(database.db, code(2));
    expect(d).toMatchObject({
      procedureName: 'Đăng ký khai sinh', channel: 'truc_tuyen', onlineLevel: 'toan_trinh', source: 'mot_cua',
      receivedDate: '2024-04-01', dueDate: '2024-04-03', endDate: '2024-04-02', returnedDate: '2024-04-03', status: 10,
    });

    const again = await importDossierFile(database.db, file);
    expect(again).toMatchObject({ applied: true, inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await dossierHistoryOf(database.db, code(1))).toHaveLength(1);
  });

  it('a newer export updates rows and appends to their history', async () => {
    await importDossierFile(database.db, writeCsv([row(1), row(2)]));
    const newer = writeCsv([
      row(1, { trang_thai: 9, ngay_ket_thuc_xu_ly: '03/04/2024' }),
      row(2),
      row(3, { ma_ho_so: 'h56.14 240823 0001' }),
    ]);
    const result = await importDossierFile(database.db, newer);
    expect(result).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    const history = await dossierHistoryOf(database.db, code(1));
    expect(history.map((h) => h.status)).toEqual([4, 9]);
    expect(history[1]!.changes).toMatchObject({ status: { from: 4, to: 9 }, endDate: { from: null, to: '2024-04-03' } });
    expect(await findDossier(database.db, 'H56.14-240823-0001')).toBeTruthy();
  });

  it('a column missing from the file keeps the stored values; an empty cell clears them', async () => {
    await importDossierFile(database.db, writeCsv([row(1, { ngay_hen_moi: '10/04/2024' })]));
    const { writeFileSync } = await import('node:fs');
    const file = writeCsv([]);
    writeFileSync(file, `ma_ho_so;trang_thai;ngay_ket_thuc_xu_ly;ngay_hen_moi\n${code(1)};9;08/04/2024;\n`);
    expect(await importDossierFile(database.db, file)).toMatchObject({ updated: 1 });
    expect(await findDossier(database.db, code(1))).toMatchObject({
      status: 9, endDate: '2024-04-08', newDueDate: null, procedureName: 'Đăng ký khai sinh', applicantPhone: row(1).so_dien_thoai,
    });
  });

  it('a bad row is reported with its row number and reason, and nothing is applied', async () => {
    const file = writeCsv([row(1), row(2, { ngay_hen_tra: '31/02/2024' }), row(3, { trang_thai: 12 }), row(4)]);
    const result = await importDossierFile(database.db, file);
    expect(result.applied).toBe(false);
    expect(result.rejected).toBe(2);
    // Header is line 1: the second data row is line 3.
    expect(result.problems.map((p) => p.row)).toEqual([3, 4]);
    expect(result.problems[0]!.problems[0]).toMatchObject({ field: 'ngay_hen_tra', key: 'bad_date' });
    expect(result.problems[1]!.problems[0]).toMatchObject({ field: 'trang_thai', key: 'bad_status' });
    expect(await count()).toBe(0);
  });

  it('with skipInvalid the good rows go in and the bad ones are listed', async () => {
    const file = writeCsv([row(1), row(2, { ma_ho_so: 'not-a-code' }), row(3), row(1, { trang_thai: 5 })]);
    const result = await importDossierFile(database.db, file, { skipInvalid: true });
    expect(result).toMatchObject({ applied: true, inserted: 2, rejected: 2 });
    expect(result.problems.map((p) => [p.row, p.problems[0]!.key])).toEqual([[3, 'bad_code'], [5, 'duplicate']]);
    expect(await count()).toBe(2);
  });

  it('accepts the Vietnamese display headers, semicolons and a BOM', async () => {
    const file = writeCsv([row(1, { kenh: 'Trực tiếp', muc_do: 'Một phần', nguon: 'Liên thông', trang_thai: 'Đang xử lý' })], {
      vietnamese: true, delimiter: ';', bom: true,
    });
    const result = await importDossierFile(database.db, file);
    expect(result).toMatchObject({ applied: true, inserted: 1 });
    expect(await findDossier(database.db, code(1))).toMatchObject({ channel: 'truc_tiep', onlineLevel: 'mot_phan', source: 'lien_thong', status: 4 });
  });

  it('reads XLSX with a title row, real date cells and Vietnamese headers', async () => {
    const file = await writeXlsx(
      [row(1, { ngay_tiep_nhan: new Date(Date.UTC(2024, 3, 1)), ngay_hen_tra: new Date(Date.UTC(2024, 3, 5)) }), row(2, { trang_thai: '2' })],
      { vietnamese: true, title: 'DANH SÁCH HỒ SƠ QUÝ II/2024' },
    );
    const result = await importDossierFile(database.db, file);
    expect(result).toMatchObject({ applied: true, inserted: 2, rejected: 0 });
    expect(await findDossier(database.db, code(1))).toMatchObject({ receivedDate: '2024-04-01', dueDate: '2024-04-05' });
    expect((await importDossierFile(database.db, file)).unchanged).toBe(2);
  });

  it('reports a file without the required columns clearly', async () => {
    const file = writeCsv([row(1)]).replace(/$/, '');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'ma_thu_tuc,ten_thu_tuc\n1.001193,Khai sinh\n');
    await expect(importDossierFile(database.db, file)).rejects.toMatchObject({ key: 'missing_columns' });
    await expect(importDossierFile(database.db, '/nonexistent/x.csv')).rejects.toBeInstanceOf(ImportFileError);
  });
});

describe('npm run dossiers:import', () => {
  it('lists bad rows, applies nothing and exits 1; --skip-invalid imports the rest', { timeout: 180_000 }, () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dossier-cli-'));
    const file = writeCsv([row(1), row(2, { ngay_tiep_nhan: 'hôm qua' })], { vietnamese: true });
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    const cli = path.resolve('handlers/dossiers/cli/import.ts');
    const bad = spawnSync('npx', ['tsx', cli, file], { env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Dòng 3: cột Ngày tiếp nhận: ngày "hôm qua" không hợp lệ');
    expect(bad.stderr).toContain('KHÔNG nhập gì');
    const skip = spawnSync('npx', ['tsx', cli, file, '--skip-invalid'], { env, encoding: 'utf8' });
    expect(skip.status).toBe(0);
    expect(skip.stdout).toMatch(/1 mới, 0 cập nhật, 0 không đổi, 1 bị loại/);
  });
});
