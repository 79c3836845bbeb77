import { describe, expect, it } from 'vitest';
import { startFakeZalo, signZalo } from '../fakes';
import { count, expectSplitDelivery, outboundRows, post, usePlatform } from './helpers';
import { FAKE_ZALO_MAX_TEXT } from '../fakes/zalo';
import { ZaloTokens } from '../../jobs/zalo-token';
import { channelTokens } from '../../models/schema/channels';
import { loadChannelToken, seedChannelToken } from '../../models/repos/channels';
import { findSubscriber, subscribe } from '../../models/repos/subscriptions';
import { sql } from 'drizzle-orm';
import { quotaUsed } from '../../models/repos/quota';
import { quotaPeriodOf } from '../../core/outbound-policy';
import { ZALO_PAID_QUOTA_KEY } from '../../bot/channels/zalo/policy';
import { atVietnamDaytime } from '../helpers/daytime';

// A real OA-scoped user id: 19 digits, beyond Number.MAX_SAFE_INTEGER.
const USER = '3662729599332560487';
const OA = '1032900368621203429';
// Users of the issue-14 tests (USER is blocked by an earlier test, and the fake remembers).
const USER2 = '3662729599332560488';
const USER3 = '3662729599332560489';
const { fake, h } = usePlatform(() => startFakeZalo({ refreshDelayMs: 150 }), {
  // The database holds the pair that is valid now (Zalo rotated it in earlier tests).
  reset: (h, fake) => seedChannelToken(h.a.database.db, 'zalo', { accessToken: fake.accessToken, refreshToken: fake.refreshToken }),
});
let seq = 0;

function zaloEvent(body: Record<string, unknown>) {
  // Ids as strings and written as JSON numbers would be (the raw bytes are what gets signed).
  return JSON.stringify({ app_id: fake.appId, timestamp: String(Date.now()), ...body });
}
function textEvent(text: string, msgId = `m${++seq}x${Date.now()}`, user = USER) {
  return zaloEvent({ event_name: 'user_send_text', sender: { id: user }, recipient: { id: OA }, message: { text, msg_id: msgId }, user_id_by_app: '8768800000000000001' });
}
const send = (raw: string, sign = true) =>
  post(`${h.url}/webhooks/zalo`, raw, sign ? { 'X-ZEvent-Signature': signZalo(raw, fake.appId, fake.oaSecretKey) } : {});

describe('Zalo OA webhook', () => {
  it('answers a valid signed text event; the 19-digit user id stays exact', async () => {
    const res = await send(textEvent('xin chào'));
    expect(res.status).toBe(200);
    await h.a.platforms.idle();
    const texts = fake.textsTo(USER);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts[0]).toContain('Xin chào');
    const rows = await outboundRows(h.a, 'zalo');
    expect(rows.every((r) => r.status === 'sent' && r.platformMessageId)).toBe(true);
  });

  it('renders options as oa.query.hide buttons whose payload comes back recognisable', async () => {
    await h.a.outbox.deliverNow('zalo', USER, [{ text: 'Chọn:', buttons: [{ title: 'Tra cứu hồ sơ', payload: 'dossier:lookup' }, { title: 'Cổng DVC', url: 'https://dichvucong.gov.vn' }] }]);
    const withButtons = fake.delivered(USER).find((m) => m.attachment);
    const buttons = (withButtons!.attachment as { payload: { buttons: { type: string; payload: string }[] } }).payload.buttons;
    expect(buttons[0]!.type).toBe('oa.query.hide');
    expect(buttons[0]!.payload).toBe('#p:dossier:lookup');
    expect(buttons[1]!.type).toBe('oa.open.url');
  });

  it('refuses unsigned (401) and forged (403) events and stores nothing', async () => {
    const raw = textEvent('xin chào');
    expect((await send(raw, false)).status).toBe(401);
    const forged = await post(`${h.url}/webhooks/zalo`, raw, { 'X-ZEvent-Signature': signZalo(raw, fake.appId, 'wrong-secret') });
    expect(forged.status).toBe(403);
    // Signed, then tampered with after signing.
    const sig = signZalo(raw, fake.appId, fake.oaSecretKey);
    const tampered = await post(`${h.url}/webhooks/zalo`, raw.replace('xin chào', 'xin chao'), { 'X-ZEvent-Signature': sig });
    expect(tampered.status).toBe(403);
    await h.a.platforms.idle();
    expect(await count(h.a, 'inbound_events')).toBe(0);
    expect(await count(h.a, 'messages')).toBe(0);
    expect(fake.sends()).toHaveLength(0);
  });

  it('answers a re-delivered event once', async () => {
    const raw = textEvent('xin chào', 'same-msg-id-1');
    const [a, b] = await Promise.all([send(raw), send(raw)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.a.platforms.idle();
    expect((await send(raw)).status).toBe(200);
    await h.a.platforms.idle();
    expect(await count(h.a, 'inbound_events')).toBe(1);
    expect(fake.textsTo(USER).filter((t) => t.includes('Xin chào'))).toHaveLength(1);
  });

  it('routes a button press (payload sent back as text) to its handler', async () => {
    await send(textEvent('#p:lang:en'));
    await h.a.platforms.idle();
    expect(fake.textsTo(USER).join('\n')).toContain('Switched to English');
  });

  it('parses follow, image and location events', async () => {
    await send(zaloEvent({ event_name: 'follow', oa_id: OA, follower: { id: USER }, source: 'oa_profile' }));
    await send(zaloEvent({
      event_name: 'user_send_location', sender: { id: '900000000000000001' }, recipient: { id: OA },
      message: { msg_id: 'loc1', attachments: [{ type: 'location', payload: { coordinates: { latitude: '21.0285', longitude: '105.8542' } } }] },
    }));
    await send(zaloEvent({
      event_name: 'user_send_image', sender: { id: '900000000000000002' }, recipient: { id: OA },
      message: { msg_id: 'img1', attachments: [{ type: 'image', payload: { url: 'https://example.invalid/a.jpg' } }] },
    }));
    // Echo of our own message: not input.
    await send(zaloEvent({ event_name: 'oa_send_text', sender: { id: OA }, recipient: { id: USER }, message: { text: 'x', msg_id: 'echo1' } }));
    await h.a.platforms.idle();
    // The follow reached the engine as a follow event (its handler answers).
    expect(fake.textsTo(USER).length).toBeGreaterThan(0);
    expect(fake.textsTo('900000000000000001').length).toBeGreaterThan(0);
    expect(fake.textsTo('900000000000000002').length).toBeGreaterThan(0);
    expect(await count(h.a, 'inbound_events')).toBe(3);
  });
});

describe('Zalo sending', () => {
  it('splits a long answer at sentence boundaries within 2,000 characters', async () => {
    await expectSplitDelivery(h, fake, 'zalo', USER, FAKE_ZALO_MAX_TEXT);
  });

  it('retries after "reached limit call api" (-32) and then succeeds', async () => {
    fake.failNext('rate_limited');
    const r = await h.a.outbox.deliverNow('zalo', USER, [{ text: 'Hồ sơ của bạn đã có kết quả.' }]);
    expect(r.status).toBe('sent');
    expect(fake.sends(USER)).toHaveLength(2);
    expect(fake.textsTo(USER)).toEqual(['Hồ sơ của bạn đã có kết quả.']);
  });

  it('refreshes an expired token once for two concurrent senders, and stores the new pair first', async () => {
    // Whatever pair is stored now is the valid one; then Zalo expires the access token.
    await h.a.outbox.deliverNow('zalo', USER, [{ text: 'warm up' }]);
    const before = fake.refreshCount();
    fake.expireAccessToken();
    const [r1, r2] = await Promise.all([
      h.a.outbox.deliverNow('zalo', USER, [{ text: 'Một' }]),
      h.a.outbox.deliverNow('zalo', '900000000000000003', [{ text: 'Hai' }]),
    ]);
    expect([r1.status, r2.status]).toEqual(['sent', 'sent']);
    expect(fake.refreshCount() - before).toBe(1);
    const stored = await loadChannelToken(h.a.database.db, 'zalo');
    expect(stored!.accessToken).toBe(fake.accessToken);
    expect(stored!.refreshToken).toBe(fake.refreshToken);
    expect(stored!.accessExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
  });

  it('refreshes before expiry: a token with less than the margin left is rotated before use', async () => {
    const db = h.a.database.db;
    const cfg = { appId: fake.appId, appSecret: fake.appSecret, oauthBase: fake.url, initial: { accessToken: 'x', refreshToken: 'y' } };
    const tokens = new ZaloTokens(db, cfg);
    await db.update(channelTokens).set({ accessExpiresAt: new Date(Date.now() + 10 * 3600_000) });
    expect(await tokens.refreshIfDue()).toBe(false);
    const before = fake.refreshCount();
    await db.update(channelTokens).set({ accessExpiresAt: new Date(Date.now() + 30 * 60_000) });
    const fresh = new ZaloTokens(db, cfg);
    expect(await fresh.accessToken()).toBe(fake.accessToken);
    expect(fake.refreshCount() - before).toBe(1);
    expect(await fresh.refreshIfDue()).toBe(false);
  });

  it('two instances refreshing with the same stale token spend the refresh token once', async () => {
    await h.a.outbox.deliverNow('zalo', USER, [{ text: 'warm up' }]);
    const stale = (await loadChannelToken(h.a.database.db, 'zalo'))!.accessToken;
    const cfg = { appId: fake.appId, appSecret: fake.appSecret, oauthBase: fake.url, initial: { accessToken: 'x', refreshToken: 'y' } };
    const one = new ZaloTokens(h.a.database.db, cfg);
    const two = new ZaloTokens(h.a.database.db, cfg);
    const before = fake.refreshCount();
    const [p1, p2] = await Promise.all([one.refresh(stale), two.refresh(stale)]);
    expect(fake.refreshCount() - before).toBe(1);
    expect(p1.accessToken).toBe(p2.accessToken);
    expect(p1.accessToken).toBe(fake.accessToken);
  });

  it('a refused refresh is an expired_token problem, recorded; a newly granted pair from the configuration replaces it', async () => {
    const db = h.a.database.db;
    const cfg = { appId: fake.appId, appSecret: fake.appSecret, oauthBase: fake.url };
    const stale = (await loadChannelToken(db, 'zalo'))!.accessToken;
    await db.update(channelTokens).set({ refreshToken: 'rt_dead' });
    const tokens = new ZaloTokens(db, { ...cfg, initial: { accessToken: 'a', refreshToken: 'b' } });
    await expect(tokens.refresh(stale)).rejects.toMatchObject({ problem: 'expired_token', code: -14014 });
    expect((await loadChannelToken(db, 'zalo'))!.lastError).toContain('grant access again');
    // The admin re-consents and restarts with the new pair in ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN.
    const restarted = new ZaloTokens(db, { ...cfg, initial: { accessToken: fake.accessToken, refreshToken: fake.refreshToken } });
    expect(await restarted.accessToken()).toBe(fake.accessToken);
    expect(await restarted.refreshIfDue()).toBe(true);
    expect((await loadChannelToken(db, 'zalo'))!.lastError).toBeNull();
  });

  it('reports a blocked user, who is unsubscribed from publications', async () => {
    await subscribe(h.a.database.db, 'zalo', USER, 'command');
    fake.block(USER);
    const r = await atVietnamDaytime(() => h.a.outbox.deliverNow('zalo', USER, [{ text: 'Bản tin tuần' }], 'broadcast'));
    expect([r.error?.problem, r.status]).toEqual(['blocked', 'failed']);
    expect(r.status).toBe('failed');
    expect(r.error?.problem).toBe('blocked');
    const sub = await findSubscriber(h.a.database.db, 'zalo', USER);
    expect(sub?.status).toBe('unsubscribed');
    expect(sub?.reason).toBe('blocked');
    await expect(h.a.outbox.sendNow('zalo', USER, [{ text: 'x' }])).rejects.toMatchObject({ name: 'PlatformApiError', problem: 'blocked' });
  });

  it('holds a message for a user outside the 7-day window', async () => {
    fake.outsideWindow('900000000000000009');
    const r = await h.a.outbox.deliverNow('zalo', '900000000000000009', [{ text: 'Thông báo' }], 'notification');
    expect(r.status).toBe('waiting');
    expect(r.error?.problem).toBe('outside_window');
  });
});

describe('Zalo: real payload and error shapes (issue 14)', () => {
  it('-220 "access_token is expired or removed": refreshes, then sends again', async () => {
    await h.a.outbox.deliverNow('zalo', USER2, [{ text: 'warm up' }]);
    const before = fake.refreshCount();
    fake.clear();
    fake.failNext('expired_token');
    const r = await h.a.outbox.deliverNow('zalo', USER2, [{ text: 'Kết quả hồ sơ' }]);
    expect(r.status).toBe('sent');
    const answers = fake.requests.filter((q) => q.path.includes('/message/'));
    expect(answers).toHaveLength(2);
    expect(answers[0]!.headers['access_token']).not.toBe(answers[1]!.headers['access_token']);
    expect(fake.refreshCount() - before).toBe(1);
    expect(fake.textsTo(USER2)).toEqual(['Kết quả hồ sơ']);
  });

  it('a link the citizen sends with text (user_send_link) is a text message and is answered', async () => {
    await send(zaloEvent({
      event_name: 'user_send_link', sender: { id: USER2 }, recipient: { id: OA },
      message: {
        msg_id: 'link1', text: 'cho hỏi thủ tục đăng ký khai sinh https://dichvucong.gov.vn/p/home',
        attachments: [{ type: 'link', payload: { url: 'https://dichvucong.gov.vn/p/home', thumbnail: 'https://dichvucong.gov.vn/t.png', description: 'Cổng DVC' } }],
      },
    }));
    await h.a.platforms.idle();
    const texts = fake.textsTo(USER2).join('\n');
    expect(texts).not.toMatch(/chỉ đọc được tin nhắn chữ/);
    expect(texts).not.toBe('');
    const r = (await h.a.database.db.execute(sql`select text from messages where direction = 'in'`)) as unknown as { rows: { text: string }[] };
    expect(r.rows.map((x) => x.text)).toEqual(['cho hỏi thủ tục đăng ký khai sinh https://dichvucong.gov.vn/p/home']);
  });

  it('answers an anonymous visitor (anonymous_send_text) by anonymous_id and conversation_id', async () => {
    await send(zaloEvent({
      event_name: 'anonymous_send_text', sender: { id: 'a7f3c2e1b9d84e6f' }, recipient: { id: OA },
      message: { msg_id: 'anon1', text: 'xin chào', conversation_id: 'c-20261130-001' },
    }));
    await h.a.platforms.idle();
    const sent = fake.sends().at(-1)!;
    expect(sent.body.recipient).toEqual({ anonymous_id: 'a7f3c2e1b9d84e6f', conversation_id: 'c-20261130-001' });
    expect(fake.textsTo('a7f3c2e1b9d84e6f@c-20261130-001')[0]).toContain('Xin chào');
  });

  it('a NUL byte or another control character in a message does not lose the turn', async () => {
    const res = await send(textEvent('xin\u0000 chào\u0007\uD800', undefined, USER2));
    expect(res.status).toBe(200);
    await h.a.platforms.idle();
    expect(fake.textsTo(USER2)[0]).toContain('Xin chào');
    const r = (await h.a.database.db.execute(sql`select text from messages where direction = 'in'`)) as unknown as { rows: { text: string }[] };
    expect(r.rows[0]!.text).toBe('xin chào\uFFFD');
  });

  it('-217 (invitations blocked) concerns invitations only: the subscriber stays subscribed', async () => {
    await subscribe(h.a.database.db, 'zalo', USER3, 'command');
    fake.blockInvitations(USER3);
    const r = await atVietnamDaytime(() => h.a.outbox.deliverNow('zalo', USER3, [{ text: 'Bản tin tuần' }], 'broadcast'));
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe(-217);
    expect((await findSubscriber(h.a.database.db, 'zalo', USER3))?.status).toBe('active');
  });

  it('-211 (the OA\'s quota) holds until the next month, -218 (this user\'s) until the next day, never dropped', async () => {
    const due: Record<string, Date> = {};
    for (const failure of ['out_of_quota', 'user_quota'] as const) {
      fake.failNext(failure);
      const r = await h.a.outbox.deliverNow('zalo', USER2, [{ text: 'Thông báo kết quả' }], 'notification');
      expect(r.status).toBe('pending');
      expect(r.error?.problem).toBe('quota');
      const [row] = (await h.a.database.db.execute(sql`select status, next_attempt_at as "at" from outbound_messages where id = ${r.id}`) as unknown as { rows: { status: string; at: Date | string }[] }).rows;
      expect(row!.status).toBe('pending');
      due[failure] = new Date(row!.at);
    }
    // Periods begin at 00:00 in Viet Nam (17:00 UTC the day before).
    const vn = (d: Date) => new Date(d.getTime() + 7 * 3600_000);
    const today = vn(new Date());
    expect(due.user_quota!.getUTCHours()).toBe(17);
    expect(vn(due.user_quota!).getUTCDate()).toBe(new Date(today.getTime() + 24 * 3600_000).getUTCDate());
    expect(vn(due.out_of_quota!).getUTCDate()).toBe(1);
    expect(vn(due.out_of_quota!).getUTCMonth()).toBe((today.getUTCMonth() + 1) % 12);
    // The units taken for the refused sends were given back.
    expect(await quotaUsed(h.a.database.db, ZALO_PAID_QUOTA_KEY, quotaPeriodOf('month', Date.now()))).toBe(0);
  });

  it('every billable send takes a unit of the monthly quota; beyond it the message is held for next month, not sent', async () => {
    const user = '3662729599332560492';
    await send(textEvent('xin chào', undefined, user));
    await h.a.platforms.idle();
    const db = h.a.database.db;
    const period = quotaPeriodOf('month', Date.now());
    // A reply and a staff answer within 48 h are free; a dossier result (transaction) is billable.
    await h.a.outbox.deliverNow('zalo', user, [{ text: 'Trả lời của cán bộ' }], 'staff');
    expect(await quotaUsed(db, ZALO_PAID_QUOTA_KEY, period)).toBe(0);
    await h.a.outbox.deliverNow('zalo', user, [{ text: 'Hồ sơ đã có kết quả' }], 'notification');
    expect(await quotaUsed(db, ZALO_PAID_QUOTA_KEY, period)).toBe(1);
    // A staff answer 3 days later is billable (consultation beyond 48 h).
    await db.execute(sql`update sessions set last_inbound_at = now() - interval '3 days'`);
    expect((await h.a.outbox.deliverNow('zalo', user, [{ text: 'Trả lời muộn' }], 'staff')).status).toBe('sent');
    expect(await quotaUsed(db, ZALO_PAID_QUOTA_KEY, period)).toBe(2);
    expect(fake.typesTo(user).slice(-3)).toEqual(['cs', 'transaction', 'cs']);
    // The month's quota (the configured 1,000 here) is spent: the next billable one waits for next month.
    await db.execute(sql`update outbound_quota set used = ${h.a.config.ZALO_PAID_QUOTA_PER_MONTH}`);
    const before = fake.sends(user).length;
    const held = await h.a.outbox.deliverNow('zalo', user, [{ text: 'Hồ sơ khác đã có kết quả' }], 'notification');
    expect(held.status).toBe('pending');
    expect(held.error?.problem).toBe('quota');
    expect(fake.sends(user).length).toBe(before);
    const [row] = (await db.execute(sql`select next_attempt_at as "at" from outbound_messages where id = ${held.id}`) as unknown as { rows: { at: string }[] }).rows;
    expect(new Date(new Date(row!.at).getTime() + 7 * 3600_000).getUTCDate()).toBe(1);
  });

  it('picks the message product per kind: replies and staff answers as cs, a dossier result as a transaction template', async () => {
    const user = '3662729599332560490';
    await send(textEvent('xin chào', undefined, user));
    await h.a.platforms.idle();
    await h.a.outbox.deliverNow('zalo', user, [{ text: 'Trả lời của cán bộ' }], 'staff');
    await h.a.outbox.deliverNow('zalo', user, [{ text: 'Hồ sơ H01.123 đã có kết quả\nMời ông/bà đến nhận tại Bộ phận Một cửa.' }], 'notification');
    expect(fake.typesTo(user)).toEqual(['cs', 'cs', 'transaction']);
    const tx = fake.delivered(user).at(-1)!;
    expect(tx.text).toBeUndefined();
    expect(fake.textsTo(user).at(-1)).toBe('Hồ sơ H01.123 đã có kết quả\nMời ông/bà đến nhận tại Bộ phận Một cửa.');
  });

  it('a rating invitation is sent only inside the free 48 hours, never billed', async () => {
    const user = '3662729599332560491';
    await send(textEvent('xin chào', undefined, user));
    await h.a.platforms.idle();
    expect((await h.a.outbox.deliverNow('zalo', user, [{ text: 'Mời đánh giá' }], 'invitation')).status).toBe('sent');
    await h.a.database.db.execute(sql`update sessions set last_inbound_at = now() - interval '3 days', created_at = now() - interval '3 days'`);
    const late = await h.a.outbox.deliverNow('zalo', user, [{ text: 'Mời đánh giá' }], 'invitation');
    expect(late.status).toBe('failed');
    expect(fake.textsTo(user).filter((t) => t === 'Mời đánh giá')).toHaveLength(1);
  });
});
