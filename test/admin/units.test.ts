// The admin's pure parts and its database rules, without a browser.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { feeRowsOf, feeRulesFromBody, parseAmount, parseTiers, FeeFormError } from '../../admin/fee-form';
import { checkLoginAllowed, recordLoginAttempt, DEFAULT_LOGIN_LIMITS } from '../../admin/login-limit';
import { Readable } from 'node:stream';
import { readMultipart, type MultipartBody } from '../../admin/multipart';
import { checkZipBounds, ZipBoundsError } from '../../admin/zip-bounds';
import { zipBomb } from '../helpers/zip';
import { readCatalogUpload, CatalogFileError } from '../../admin/catalog-file';
import { barChartSvg, periodsAt, vnDate } from '../../admin/stats';
import { createSession, loadSession, SESSION_MAX_AGE_MS } from '../../admin/sessions';
import { createAdminUser, setDisabled } from '../../admin/users';
import { adminLoginAttempts } from '../../models/schema/admin';
import { sql } from 'drizzle-orm';
import type { FeeRule } from '../../knowledge/fees.types';

describe('fee form', () => {
  it('reads amounts the Vietnamese way', () => {
    expect(parseAmount('2.000')).toBe(2000);
    expect(parseAmount('200.000 đồng')).toBe(200000);
    expect(parseAmount('8,000đ')).toBe(8000);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('tám nghìn')).toBeNaN();
  });

  it('reads page tiers, open-ended and single pages', () => {
    expect(parseTiers('1-2: 2.000; 3-: 1.000')).toEqual([{ from: 1, to: 2, amount: 2000 }, { from: 3, amount: 1000 }]);
    expect(parseTiers('1: 5.000\n2+: 1.000')).toEqual([{ from: 1, to: 1, amount: 5000 }, { from: 2, amount: 1000 }]);
    expect(parseTiers('mấy trang cũng được')).toBeNull();
    expect(parseTiers('')).toBeNull();
  });

  it('round-trips every kind of rule through the form', () => {
    const rules: FeeRule[] = [
      { kind: 'per_page', tiers: [{ from: 1, to: 2, amount: 2000 }, { from: 3, amount: 1000 }], cap: 200000, unit: 'bản', note: 'theo bản chính' },
      { kind: 'fixed', amount: 8000, unit: 'bản', label: 'bản sao' },
      { kind: 'per_case', amount: 50000 },
      { kind: 'free', condition: 'trong 60 ngày' },
      { kind: 'exempt', who: 'hộ nghèo' },
      { kind: 'province', amount: null, label: 'quá hạn' },
    ];
    const rows = feeRowsOf(rules);
    expect(rows).toHaveLength(rules.length + 2);
    const body: Record<string, string> = {};
    rows.forEach((r, i) => {
      for (const [k, v] of Object.entries(r)) body[`fee_${k}_${i}`] = v;
    });
    expect(feeRulesFromBody(body)).toEqual(rules);
    // A ticked "remove" drops the rule.
    body.fee_remove_1 = '1';
    expect(feeRulesFromBody(body).map((r) => r.kind)).toEqual(['per_page', 'per_case', 'free', 'exempt', 'province']);
  });

  it('names the row of a bad rule', () => {
    expect(() => feeRulesFromBody({ fee_kind_0: 'free', fee_kind_1: 'fixed', fee_amount_1: '' })).toThrow(FeeFormError);
    try {
      feeRulesFromBody({ fee_kind_0: 'exempt' });
    } catch (e) {
      expect(e).toMatchObject({ row: 1, key: 'catalog.fee_need_who' });
    }
  });
});

describe('uploads', () => {
  it('splits a multipart body into fields and files', async () => {
    const b = 'XyZ';
    const body = Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="note"\r\n\r\nxin chào\r\n` +
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\ncode,name\r\n1,2\r\n` +
      `--${b}--\r\n`,
    );
    const out = (await readMultipart(Readable.from([body]), { 'content-type': `multipart/form-data; boundary=${b}` })) as MultipartBody;
    expect(out.fields).toEqual({ note: 'xin chào' });
    expect(out.files).toHaveLength(1);
    expect(out.files[0]).toMatchObject({ field: 'file', filename: 'a.csv', contentType: 'text/csv' });
    expect(out.files[0]!.data.toString()).toBe('code,name\r\n1,2');
  });

  it('bounds a ZIP by what it unzips to, whatever its headers claim; a real workbook passes', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Thủ tục').addRow(['code', 'name']);
    await checkZipBounds(Buffer.from(await wb.xlsx.writeBuffer()));
    const honest = await zipBomb(8 * 1024 * 1024);
    const lying = await zipBomb(8 * 1024 * 1024, { declared: 1000 });
    const limits = { bytes: 4 * 1024 * 1024, entries: 10 };
    for (const bomb of [honest, lying]) {
      await expect(checkZipBounds(bomb, limits)).rejects.toThrow(ZipBoundsError);
      await expect(checkZipBounds(bomb, limits)).rejects.toThrow(/too_large/);
    }
    await expect(checkZipBounds(honest, { bytes: 16 * 1024 * 1024, entries: 10 })).resolves.toBeUndefined();
    await expect(checkZipBounds(honest, { bytes: 16 * 1024 * 1024, entries: 0 })).rejects.toThrow(/too_many_entries/);
  });

  it('reads catalog rows from JSON, CSV and XLSX with the catalog reader; refuses other files with a reason', async () => {
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ __row: _r, ...rest }) => rest);
    const json = await readCatalogUpload(Buffer.from(JSON.stringify({ defaults: { agency: 'UBND' }, procedures: [{ code: '1.000001' }] })), 'c.json');
    expect(strip(json)).toEqual([{ agency: 'UBND', code: '1.000001' }]);
    const csv = await readCatalogUpload(Buffer.from('\uFEFFMã thủ tục,Tên thủ tục,timeDays,aliases,Lệ phí\n1.000001,Tên,3,a | b,fixed 8000/bản\n'), 'c.csv');
    expect(strip(csv)).toEqual([{ code: '1.000001', name: 'Tên', timeDays: 3, aliases: ['a', 'b'], fees: [expect.objectContaining({ kind: 'fixed', amount: 8000 })] }]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('TTHC');
    ws.addRow(['code', 'name', 'documents']);
    ws.addRow(['1.000002', 'Thủ tục B', 'Tờ khai\nCCCD']);
    const xlsx = await readCatalogUpload(Buffer.from(await wb.xlsx.writeBuffer()), 'c.xlsx');
    expect(strip(xlsx)).toEqual([{ code: '1.000002', name: 'Thủ tục B', documents: ['Tờ khai', 'CCCD'] }]);
    await expect(readCatalogUpload(Buffer.from('x'), 'c.pdf')).rejects.toThrow(CatalogFileError);
    await expect(readCatalogUpload(Buffer.from('{oops'), 'c.json')).rejects.toThrow(/JSON/);
    await expect(readCatalogUpload(Buffer.from('not a zip'), 'c.xlsx')).rejects.toThrow();
  });
});

describe('dashboard periods and chart', () => {
  it('uses Vietnamese days and quarters', () => {
    // 31 Dec 2026 23:30 in Hà Nội is still 31 Dec 16:30 UTC.
    const [today, quarter] = periodsAt(new Date('2026-12-31T16:30:00Z'));
    expect(today!.from.toISOString()).toBe('2026-12-30T17:00:00.000Z');
    expect(quarter!.from.toISOString()).toBe('2026-09-30T17:00:00.000Z');
    expect(quarter!.to.toISOString()).toBe('2026-12-31T17:00:00.000Z');
    // 1 Jan 00:30 in Hà Nội belongs to the new year's first quarter.
    const [, q1] = periodsAt(new Date('2026-12-31T17:30:00Z'));
    expect(vnDate(q1!.from)).toBe('2027-01-01');
    expect(vnDate(new Date(q1!.to.getTime() - 1))).toBe('2027-03-31');
  });

  it('draws bars with escaped labels', () => {
    const svg = barChartSvg([{ label: '<b>', value: 2 }, { label: 'x', value: 0 }], { title: 'T "1"' });
    expect(svg).toContain('&#60;b&#62;');
    expect(svg).not.toContain('<b>');
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(2);
  });
});

describe('login limits and sessions (database)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.reset();
  });

  async function failAt(username: string, at: Date, ip = '10.0.0.1', success = false) {
    await recordLoginAttempt(db.db, username, ip, success);
    await db.db.execute(sql`update admin_login_attempts set attempted_at = ${at.toISOString()}::timestamptz where id = (select max(id) from admin_login_attempts)`);
  }

  it('locks a name from one address after the failures, for lockMs from the last one, then with backoff; a success before resets the count', async () => {
    const { failures, lockMs } = DEFAULT_LOGIN_LIMITS;
    const t0 = new Date('2026-05-04T02:00:00Z');
    for (let i = 0; i < failures - 1; i++) await failAt('lan', new Date(t0.getTime() + i * 1000));
    expect(await checkLoginAllowed(db.db, 'lan', '10.0.0.1', undefined, new Date(t0.getTime() + 10_000))).toEqual({ ok: true });
    const last = new Date(t0.getTime() + 60_000);
    await failAt('lan', last);
    const gate = await checkLoginAllowed(db.db, 'lan', '10.0.0.1', undefined, new Date(last.getTime() + 1000));
    expect(gate).toMatchObject({ ok: false, reason: 'locked' });
    expect((gate as { until: Date }).until.getTime()).toBe(last.getTime() + lockMs);
    expect(await checkLoginAllowed(db.db, 'lan', '10.0.0.1', undefined, new Date(last.getTime() + lockMs + 1000))).toEqual({ ok: true });
    // Another name from another address is not affected, nor the same name from another address:
    // a stranger's failures never lock the staff member out of their own account.
    expect(await checkLoginAllowed(db.db, 'minh', '10.0.0.2', undefined, new Date(last.getTime() + 1000))).toEqual({ ok: true });
    expect(await checkLoginAllowed(db.db, 'lan', '10.0.0.2', undefined, new Date(last.getTime() + 1000))).toEqual({ ok: true });
    // Backoff: after the lock, each further failure from there locks twice as long.
    const sixth = new Date(last.getTime() + lockMs + 2000);
    await failAt('lan', sixth);
    const gate6 = await checkLoginAllowed(db.db, 'lan', '10.0.0.1', undefined, new Date(sixth.getTime() + 1000));
    expect((gate6 as { until: Date }).until.getTime()).toBe(sixth.getTime() + 2 * lockMs);
    const seventh = new Date(sixth.getTime() + 2 * lockMs + 1000);
    await failAt('lan', seventh);
    const gate7 = await checkLoginAllowed(db.db, 'lan', '10.0.0.1', undefined, new Date(seventh.getTime() + 1000));
    expect((gate7 as { until: Date }).until.getTime()).toBe(seventh.getTime() + 4 * lockMs);

    await db.reset();
    for (let i = 0; i < failures - 1; i++) await failAt('lan', new Date(t0.getTime() + i * 1000));
    await failAt('lan', new Date(t0.getTime() + 5000), '10.0.0.1', true);
    await failAt('lan', new Date(t0.getTime() + 6000));
    expect(await checkLoginAllowed(db.db, 'lan', '10.0.0.1', undefined, new Date(t0.getTime() + 7000))).toEqual({ ok: true });
  });

  it('limits attempts per address across names', async () => {
    const now = new Date();
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perIp; i++) await recordLoginAttempt(db.db, `name${i}`, '10.9.9.9', false);
    expect(await checkLoginAllowed(db.db, 'someone', '10.9.9.9', undefined, new Date(now.getTime() + 1000))).toMatchObject({ ok: false, reason: 'ip_limited' });
    expect(await checkLoginAllowed(db.db, 'someone', '10.9.9.8', undefined, new Date(now.getTime() + 1000))).toEqual({ ok: true });
    expect(await db.db.select().from(adminLoginAttempts)).toHaveLength(DEFAULT_LOGIN_LIMITS.perIp);
  });

  it('counts only failures against an address: an office signing in all day is never limited', async () => {
    const now = new Date();
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perIp + 5; i++) await recordLoginAttempt(db.db, `name${i % 7}`, '10.9.9.9', true);
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perIp - 1; i++) await recordLoginAttempt(db.db, `guess${i}`, '10.9.9.9', false);
    expect(await checkLoginAllowed(db.db, 'someone', '10.9.9.9', undefined, new Date(now.getTime() + 1000))).toEqual({ ok: true });
    await recordLoginAttempt(db.db, 'guess-last', '10.9.9.9', false);
    expect(await checkLoginAllowed(db.db, 'someone', '10.9.9.9', undefined, new Date(now.getTime() + 1000))).toMatchObject({ ok: false, reason: 'ip_limited' });
  });

  it('expires sessions when idle, when too old, and when the user is disabled', async () => {
    const user = await createAdminUser(db.db, { username: 'lan', role: 'staff', password: 'mot-hai-ba-bon' });
    const { token } = await createSession(db.db, user, {});
    const now = Date.now();
    expect(await loadSession(db.db, token, 30, new Date(now + 29 * 60_000))).toBeDefined();
    // The look-up above moved lastSeenAt: idle time counts from there.
    expect(await loadSession(db.db, token, 30, new Date(now + 58 * 60_000))).toBeDefined();
    expect(await loadSession(db.db, token, 30, new Date(now + 90 * 60_000))).toBeUndefined();
    const second = await createSession(db.db, user, {});
    expect(await loadSession(db.db, second.token, 24 * 60, new Date(now + SESSION_MAX_AGE_MS + 60_000))).toBeUndefined();
    const third = await createSession(db.db, user, {});
    await setDisabled(db.db, user.id, true);
    expect(await loadSession(db.db, third.token, 30)).toBeUndefined();
    expect(await loadSession(db.db, 'nonsense', 30)).toBeUndefined();
  });
});
