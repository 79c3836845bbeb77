// A store with a bit of everything a commune keeps (a petition, a session, a dossier, a staff
// account), and the checks, made as users would, that a restored or copied store still has it all.
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Assistant } from '../../bot/app';
import type { Db } from '../../models/db';
import { converse } from '../helpers/assistant';
import { findUserByUsername } from '../../admin/users';
import { verifyPassword } from '../../admin/passwords';
import { addDossiers, code, createUser, row } from '../helpers/factories';

export const PETITION = 'Đèn đường thôn 3 hỏng đã hai tuần, buổi tối đi lại rất nguy hiểm, đề nghị xã sửa sớm.';
export const STAFF = { username: 'can-bo-mot-cua', password: 'Mat-khau-2026!' };
export const DOSSIER = code(1);

export async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Files a petition, switches a citizen to English, imports a dossier, creates a staff account. */
export async function fillStore(a: Assistant): Promise<{ petitionCode: string }> {
  const turns = await converse(a, 'citizen-1', [
    'tôi muốn gửi phản ánh', '1', PETITION, 'Trần Văn Bình', 'Thôn 3', '0912 345 678', 'không', 'gửi',
  ]);
  const petitionCode = /PA-\d{8}-\d{4}/.exec(turns.at(-1)!.text)?.[0];
  expect(petitionCode).toBeTruthy();
  await converse(a, 'citizen-2', ['@lang:en']);
  await addDossiers(a.database.db, [row(1, { so_dien_thoai: '0987 654 321', chu_ho_so: 'Lê Thị Hoa' })]);
  await createUser(a.database.db, STAFF);
  return { petitionCode: petitionCode! };
}

/** What the citizens and staff of fillStore find on a restored assistant. */
export async function expectStoreIntact(a: Assistant, petitionCode: string): Promise<void> {
  const db = a.database.db;
  // The petition, with its content, and a new one gets the next number (sequences moved on).
  const [p] = await rowsOf<{ id: number; content: string; status: string }>(db, sql`select id, content, status from feedback where code = ${petitionCode}`);
  expect(p?.content).toBe(PETITION);
  // The session: the citizen who chose English is still answered in English.
  const [menu] = await converse(a, 'citizen-2', ['@menu']);
  expect(menu!.text).toContain('What do you need?');
  // The dossier: its owner looks it up with the last digits of the phone.
  const look = await converse(a, 'citizen-3', ['tra cứu hồ sơ', DOSSIER, '4321']);
  expect(look[2]!.text).toContain(`Hồ sơ ${DOSSIER}`);
  // The staff account signs in with its password.
  const user = await findUserByUsername(db, STAFF.username);
  expect(user?.role).toBe('staff');
  expect(await verifyPassword(user!.passwordHash, STAFF.password)).toBe(true);
  // New rows do not collide with restored ids.
  const again = await converse(a, 'citizen-4', ['tôi muốn gửi phản ánh', '1', PETITION, 'Phạm Thị Lan', 'Thôn 1', '0911 222 333', 'không', 'gửi']);
  const next = /PA-\d{8}-\d{4}/.exec(again.at(-1)!.text)?.[0];
  expect(next).toBeTruthy();
  expect(next).not.toBe(petitionCode);
  const [n] = await rowsOf<{ max: number }>(db, sql`select max(id)::int as max from feedback`);
  expect(n!.max).toBeGreaterThan(p!.id);
}
