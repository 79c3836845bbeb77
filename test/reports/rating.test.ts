// The rating dialog as conversation scripts, and the invitation when a dossier reaches status 10.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { converse, useTestAssistant } from '../helpers/assistant';
import { refuseInserts } from '../helpers/db';
import { applyDossierRecords } from '../../models/repos/dossiers/records';
import { dossierRecord } from '../helpers/factories';
import { watchDossier } from '../../models/repos/dossiers/watches';
import { inviteToRate } from '../../jobs/rating-invitations';

const a = useTestAssistant();

const CODE = 'H56.14-240823-0001';
const record = (status: number, code = CODE) => dossierRecord({ code, status });

const ratingRows = async () =>
  ((await a.database.db.execute(sql`select dossier_code, idx1, idx3, idx4, idx7, level, origin, channel from ratings`)) as unknown as {
    rows: Record<string, unknown>[];
  }).rows;

describe('satisfaction rating', () => {
  it('invites the watching applicant when the dossier reaches status 10, and the invitation leads to the questions', async () => {
    await applyDossierRecords(a.database.db, [record(4)], 'import');
    await watchDossier(a.database.db, CODE, 'console', 'citizen');
    await applyDossierRecords(a.database.db, [record(10)], 'import');
    const queued = (await a.database.db.execute(sql`select channel, user_id, replies from outbound_messages`)) as unknown as {
      rows: { channel: string; user_id: string; replies: { text: string; buttons: { payload: string }[] }[] }[];
    };
    const invite = queued.rows.find((r) => r.replies[0]!.buttons?.some((b) => b.payload === `rating:start:${CODE}`));
    expect(invite).toBeDefined();
    expect(invite!.user_id).toBe('citizen');
    expect(invite!.replies[0]!.text).toContain('Đăng ký khai sinh');

    const turns = await converse(a, 'citizen', [`@rating:start:${CODE}`, '1', 'ờ', '2', '3', '4', '1']);
    expect(turns[0]!.text).toContain('1/5');
    expect(turns[0]!.text).toMatch(/1\. Sớm hơn ngày hẹn/);
    expect(turns[1]!.text).toContain('2/5');
    expect(turns[2]!.text).toContain('chọn một trong các lựa chọn');
    expect(turns[3]!.text).toContain('3/5');
    expect(turns[4]!.text).toContain('4/5');
    expect(turns[5]!.text).toContain('5/5');
    expect(turns[5]!.text).toContain('Rất hài lòng');
    expect(turns[6]!.text).toContain('Cảm ơn');
    // idx1 = 2 (earlier), idx3 = 1 (once), idx4 = 0 (more than one), idx7 skipped, level = first option.
    expect(await ratingRows()).toEqual([
      { dossier_code: CODE, idx1: 2, idx3: 1, idx4: 0, idx7: null, level: 'rat_hai_long', origin: 'chat', channel: 'console' },
    ]);
    // One rating per dossier.
    const [again] = await converse(a, 'citizen', [`@rating:start:${CODE}`]);
    expect(again!.text).toContain('đã được đánh giá');
  });

  it('does not invite when nobody of ours is in touch about the dossier', async () => {
    await applyDossierRecords(a.database.db, [record(4)], 'import');
    await applyDossierRecords(a.database.db, [record(10)], 'import');
    const n = (await a.database.db.execute(sql`select count(*)::int as n from outbound_messages`)) as unknown as { rows: { n: number }[] };
    expect(Number(n.rows[0]!.n)).toBe(0);
  });

  it('from the menu with a code: a stranger proves the phone digits first', async () => {
    await applyDossierRecords(a.database.db, [record(10)], 'import');
    const turns = await converse(a, 'u2', ['@rating:start', CODE.toLowerCase(), '0000', '5678', '2', '2', '2', '2', '2']);
    expect(turns[0]!.text).toContain('mã hồ sơ');
    expect(turns[1]!.text).toContain('4 số cuối');
    expect(turns[2]!.text).toContain('chưa khớp');
    expect(turns[3]!.text).toContain('1/5');
    expect(turns[8]!.text).toContain('Cảm ơn');
    expect(await ratingRows()).toEqual([
      { dossier_code: CODE, idx1: 1, idx3: 1, idx4: 1, idx7: 1, level: 'hai_long', origin: 'chat', channel: 'console' },
    ]);
  });

  it('takes "đánh giá hồ sơ <code>" as a rating, refuses an unfinished dossier, and lets "huỷ" cancel', async () => {
    await applyDossierRecords(a.database.db, [record(4)], 'import');
    await watchDossier(a.database.db, CODE, 'console', 'u3');
    const [t1] = await converse(a, 'u3', [`tôi muốn đánh giá hồ sơ ${CODE}`]);
    expect(t1!.text).toContain('chưa trả kết quả');
    await applyDossierRecords(a.database.db, [record(10)], 'import');
    const turns = await converse(a, 'u3', [`đánh giá hồ sơ ${CODE}`, 'huỷ']);
    expect(turns[0]!.text).toContain('1/5');
    expect(turns[1]!.text).toContain('Đã huỷ');
    expect(await ratingRows()).toEqual([]);
  });

  it('the sweep invites for a dossier finished by another process, once, and only when recent', async () => {
    await applyDossierRecords(a.database.db, [record(4), record(4, 'H56.14-240823-0002')], 'import');
    await watchDossier(a.database.db, CODE, 'console', 'w1');
    await watchDossier(a.database.db, 'H56.14-240823-0002', 'console', 'w2');
    // Another process (the import CLI on PostgreSQL) finished them: no listener ran here.
    await a.database.db.execute(sql`update dossiers set status = 10, updated_at = now() where code = ${CODE}`);
    await a.database.db.execute(sql`update dossiers set status = 10, updated_at = now() - interval '40 days' where code = 'H56.14-240823-0002'`);
    expect(await inviteToRate(a.database.db, a.config)).toBe(1);
    expect(await inviteToRate(a.database.db, a.config)).toBe(0);
    // Back to 4 and to 10 again: still one invitation.
    await applyDossierRecords(a.database.db, [record(4)], 'import');
    await applyDossierRecords(a.database.db, [record(10)], 'import');
    const rows = (await a.database.db.execute(sql`select user_id from outbound_messages`)) as unknown as { rows: { user_id: string }[] };
    expect(rows.rows.map((r) => r.user_id)).toEqual(['w1']);
  });

  it('the claim and its message are one transaction: an invitation that could not be queued is invited again', async () => {
    await applyDossierRecords(a.database.db, [record(4)], 'import');
    await watchDossier(a.database.db, CODE, 'console', 'w1');
    await a.database.db.execute(sql`update dossiers set status = 10, updated_at = now() where code = ${CODE}`);
    const allow = await refuseInserts(a.database.db, 'outbound_messages', "new.kind = 'invitation'");
    try {
      await expect(inviteToRate(a.database.db, a.config)).rejects.toThrow();
    } finally {
      await allow();
    }
    const claims = (await a.database.db.execute(sql`select count(*)::int as n from rating_invitations`)) as unknown as { rows: { n: number }[] };
    expect(claims.rows[0]!.n).toBe(0);
    expect(await inviteToRate(a.database.db, a.config)).toBe(1);
    const rows = (await a.database.db.execute(sql`select user_id, kind from outbound_messages`)) as unknown as { rows: unknown[] };
    expect(rows.rows).toEqual([{ user_id: 'w1', kind: 'invitation' }]);
  });

  it('shows the rating in the main menu', async () => {
    const [m] = await converse(a, 'u4', ['menu']);
    expect(m!.text).toContain('Đánh giá sự hài lòng');
  });
});
