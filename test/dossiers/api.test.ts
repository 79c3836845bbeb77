import { describe, expect, it } from 'vitest';
import { startTestAssistant, useTestAssistant } from '../helpers/assistant';
import { dossierHistoryOf, findDossier } from '../../models/repos/dossiers/records';
import { code, row } from './fixtures';

const KEY = 'k-3f9a1c0e-dossier-push';
const a = useTestAssistant({ env: { DOSSIER_API_KEY: KEY }, listen: true });

function post(body: unknown, key: string | null = KEY) {
  return fetch(`${a.base}/api/dossiers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
}

describe('POST /api/dossiers', () => {
  it('refuses a missing or wrong key', async () => {
    expect((await post(row(1), null)).status).toBe(401);
    const wrong = await post(row(1), 'nope');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect(await findDossier(a.database.db, code(1))).toBeUndefined();
  });

  it('takes one record, many, or {records}; the same push twice changes nothing', async () => {
    const one = await post(row(1));
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ received: 1, inserted: 1, updated: 0, unchanged: 0 });
    const many = await post([row(1, { trang_thai: 9, ngay_ket_thuc_xu_ly: '2024-04-02' }), row(2)]);
    expect(await many.json()).toMatchObject({ received: 2, inserted: 1, updated: 1, unchanged: 0, statusChanges: 1 });
    const again = await post({ records: [row(1, { trang_thai: 9, ngay_ket_thuc_xu_ly: '2024-04-02' }), row(2)] });
    expect(await again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const history = await dossierHistoryOf(a.database.db, code(1));
    expect(history.map((h) => [h.status, h.source])).toEqual([[4, 'api'], [9, 'api']]);
  });

  it('a push of a few fields changes those and keeps the rest', async () => {
    await post(row(1, { ngay_xin_loi: '05/04/2024', ngay_hen_moi: '10/04/2024' }));
    const res = await post({ ma_ho_so: code(1).toLowerCase(), trang_thai: 10, ngay_ket_thuc_xu_ly: '2024-04-09', ngay_xin_loi: null });
    expect(await res.json()).toMatchObject({ updated: 1, statusChanges: 1 });
    expect(await findDossier(a.database.db, code(1))).toMatchObject({
      procedureName: 'Đăng ký khai sinh', applicantPhone: row(1).so_dien_thoai, receivedDate: '2024-04-01', dueDate: '2024-04-03',
      status: 10, endDate: '2024-04-09', returnedDate: '2024-04-09', apologyDate: null, newDueDate: '2024-04-10',
    });
    // The same partial push again changes nothing.
    const again = await post({ ma_ho_so: code(1), trang_thai: 10, ngay_ket_thuc_xu_ly: '2024-04-09', ngay_xin_loi: null });
    expect(await again.json()).toMatchObject({ unchanged: 1 });
  });

  it('validates like the import: one bad record, nothing applied, each problem named', async () => {
    const res = await post([row(1), row(2, { ngay_tiep_nhan: '2024-13-01', foo: 'x' } as never), { trang_thai: 4 }]);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { records: { index: number; problems: string[] }[] } };
    expect(body.error.records.map((r) => r.index)).toEqual([1, 2]);
    expect(body.error.records[0]!.problems.join(' ')).toContain('"foo"');
    expect(body.error.records[0]!.problems.join(' ')).toContain('ngay_tiep_nhan');
    expect(body.error.records[1]!.problems.join(' ')).toContain('ma_ho_so');
    expect(await findDossier(a.database.db, code(1))).toBeUndefined();
    expect((await post([])).status).toBe(400);
  });

  it('is off without DOSSIER_API_KEY', async () => {
    const b = await startTestAssistant({}, a.database);
    const port = (await b.listen(0)).port;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/dossiers`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify(row(1)),
      });
      expect(res.status).toBe(404);
    } finally {
      await b.stop();
    }
  });
});
