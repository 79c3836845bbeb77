// The inbox says a staff answer reached the citizen only when its outbox row was sent (issue 18 item 1):
// the Telegram fake fails the sends, then recovers; the status read by the inbox follows the row, and the
// answer page over HTTP shows it.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startFakeTelegram } from '../fakes';
import { usePlatform } from './helpers';
import { createPetition } from '../helpers/factories';
import { answerFeedback } from '../../models/repos/feedback/staff-actions';
import { renderStaffAnswer } from '../../handlers/feedback/render';
import { staffAnswerDelivery } from '../../models/repos/outbound';
import { createUser, TEST_PASSWORD } from '../helpers/admin';

const CHAT = '7009008007';
const { fake, h } = usePlatform(startFakeTelegram, { env: () => ({ TELEGRAM_WEBHOOK_SECRET: 'tg_Staff-123' }), reset: false });


/** The answer page as staff see it: logs in over HTTP and reads #delivery's status. */
async function pageStatus(id: number): Promise<string | undefined> {
  const jar: string[] = [];
  const req = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(h.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: jar.join('; ') }, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) jar.push(c.split(';')[0]!);
    return res;
  };
  const login = await (await req('/admin/login')).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login)![1]!;
  await req('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username: 'lan', password: TEST_PASSWORD, next: '/admin/' }).toString(),
  });
  const page = await (await req(`/admin/inbox/${id}`)).text();
  return /id="delivery" data-status="([a-z]+)"/.exec(page)?.[1];
}

describe('staff answer delivery in the inbox', () => {
  it('is "not delivered" while the platform fails, "delivered" once a retry got through', async () => {
    await createUser(h.a.database.db);
    const row = await createPetition(h.a.database.db, { channel: 'telegram', userId: CHAT, content: 'Đèn đường hỏng' });
    // The platform answers 502 to the first try.
    fake.failNext('server_error');
    const answered = await answerFeedback(h.a.database.db, row.id, 'lan', 'Xã đã thay bóng đèn.', renderStaffAnswer);
    await h.a.outbox.tick();
    const during = await staffAnswerDelivery(h.a.database.db, 'telegram', CHAT, answered.answeredAt!);
    expect(during?.status).toBe('pending');
    expect(fake.textsTo(CHAT)).toHaveLength(0);
    expect(await pageStatus(row.id)).toBe('pending');

    // The platform recovers; the row's retry is due: the worker sends it.
    await h.a.database.db.execute(sql`update outbound_messages set next_attempt_at = now() where status = 'pending'`);
    await h.a.outbox.tick();
    const after = await staffAnswerDelivery(h.a.database.db, 'telegram', CHAT, answered.answeredAt!);
    expect(after?.status).toBe('sent');
    expect(fake.textsTo(CHAT).join('\n')).toContain('Xã đã thay bóng đèn.');
    expect(await pageStatus(row.id)).toBe('sent');
  });
});
