import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startFakeMessenger, signMessenger } from '../fakes';
import { FAKE_FB_MAX_TEXT } from '../fakes/messenger';
import { count, expectSplitDelivery, post, usePlatform } from './helpers';
import { findSubscriber, subscribe } from '../../models/repos/subscriptions';

const PSID = '24879183245026513';
const { fake, h } = usePlatform(startFakeMessenger);
let seq = 0;

function body(items: Record<string, unknown>[]) {
  // Meta escapes non-ASCII characters in what it signs and sends (\u00e0 style).
  const json = JSON.stringify({ object: 'page', entry: [{ id: '1090000000000', time: Date.now(), messaging: items }] });
  return json.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
const textItem = (text: string, mid = `mid.${++seq}.${Date.now()}`, psid = PSID) => ({
  sender: { id: psid }, recipient: { id: '1090000000000' }, timestamp: Date.now(), message: { mid, text },
});
const send = (raw: string, sign = true) =>
  post(`${h.url}/webhooks/messenger`, raw, sign ? { 'X-Hub-Signature-256': signMessenger(raw, fake.appSecret) } : {});

describe('Messenger webhook', () => {
  it('answers the verification handshake only with the right verify token', async () => {
    const ok = await fetch(`${h.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${fake.verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${h.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('answers a valid signed message (Vietnamese escaped as Meta sends it) with RESPONSE', async () => {
    const raw = body([textItem('xin chào')]);
    expect(raw).toContain('\\u00e0');
    const res = await send(raw);
    expect(res.status).toBe(200);
    await h.a.platforms.idle();
    const d = fake.delivered(PSID);
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.messagingType).toBe('RESPONSE');
    expect(fake.textsTo(PSID)[0]).toContain('Xin chào');
  });

  it('refuses unsigned (401) and forged (403) bodies and stores nothing', async () => {
    const raw = body([textItem('xin chào')]);
    expect((await send(raw, false)).status).toBe(401);
    expect((await post(`${h.url}/webhooks/messenger`, raw, { 'X-Hub-Signature-256': signMessenger(raw, 'other-secret') })).status).toBe(403);
    // The legacy SHA-1 header alone is not accepted.
    expect((await post(`${h.url}/webhooks/messenger`, raw, { 'X-Hub-Signature': 'sha1=abc' })).status).toBe(401);
    await h.a.platforms.idle();
    expect(await count(h.a, 'inbound_events')).toBe(0);
    expect(fake.sends()).toHaveLength(0);
  });

  it('answers a re-delivered message once, also inside one batch', async () => {
    const item = textItem('xin chào', 'mid.same');
    await send(body([item, item]));
    await send(body([item]));
    await h.a.platforms.idle();
    expect(await count(h.a, 'inbound_events')).toBe(1);
    expect(fake.textsTo(PSID).filter((t) => t.includes('Xin chào'))).toHaveLength(1);
  });

  it('routes quick replies and postbacks to their handler', async () => {
    await send(body([{ sender: { id: PSID }, recipient: { id: '1' }, timestamp: 1, message: { mid: 'mid.qr', text: 'English', quick_reply: { payload: 'lang:en' } } }]));
    await h.a.platforms.idle();
    expect(fake.textsTo(PSID).join('\n')).toContain('Switched to English');
    await send(body([{ sender: { id: 'psid2' }, recipient: { id: '1' }, timestamp: 2, postback: { mid: 'mid.pb', title: 'English', payload: 'lang:en' } }]));
    await h.a.platforms.idle();
    expect(fake.textsTo('psid2').join('\n')).toContain('Switched to English');
  });
});

describe('Messenger sending', () => {
  it('sends quick replies (≤ 13, titles ≤ 20) and a button template for links', async () => {
    await h.a.outbox.deliverNow('messenger', PSID, [
      { text: 'Chọn thủ tục', buttons: [{ title: 'Đăng ký khai sinh cho trẻ em', payload: 'proc:ks' }, { title: 'Kết hôn', payload: 'proc:kh' }] },
      { text: 'Cổng dịch vụ công', buttons: [{ title: 'Mở cổng', url: 'https://dichvucong.gov.vn' }] },
    ]);
    const [qr, tpl] = fake.delivered(PSID);
    const quick = qr!.message.quick_replies as { title: string; payload: string }[];
    expect(quick.map((q) => q.payload)).toEqual(['proc:ks', 'proc:kh']);
    expect(quick.every((q) => q.title.length <= 20)).toBe(true);
    expect(tpl!.message.attachment).toMatchObject({ type: 'template', payload: { template_type: 'button', buttons: [{ type: 'web_url' }] } });
  });

  it('splits a long answer within 2,000 characters', async () => {
    await expectSplitDelivery(h, fake, 'messenger', PSID, FAKE_FB_MAX_TEXT);
  });

  it('retries a rate-limited (613) call, then succeeds', async () => {
    fake.failNext('rate_limited');
    const r = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Kết quả hồ sơ' }]);
    expect(r.status).toBe('sent');
    expect(fake.sends(PSID)).toHaveLength(2);
  });

  it('follows the 24-hour window: UPDATE inside, ACCOUNT_UPDATE tag for a notification outside, hold a bulletin', async () => {
    await send(body([textItem('xin chào')]));
    await h.a.platforms.idle();
    fake.clear();
    await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Hồ sơ đã có kết quả' }], 'notification');
    expect(fake.delivered(PSID)[0]).toMatchObject({ messagingType: 'UPDATE' });
    // 25 hours later.
    await h.a.database.db.execute(sql`update sessions set last_inbound_at = now() - interval '25 hours', created_at = now() - interval '25 hours'`);
    await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Hồ sơ đã có kết quả' }], 'notification');
    expect(fake.delivered(PSID)[1]).toMatchObject({ messagingType: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' });
    const held = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Bản tin tuần' }], 'broadcast');
    expect(held.status).toBe('waiting');
    expect(held.error?.problem).toBe('outside_window');
    expect(fake.delivered(PSID)).toHaveLength(2);
  });

  it('tags by policy: a rating invitation never under a tag; a staff answer under HUMAN_AGENT up to 7 days, then held', async () => {
    await send(body([textItem('xin chào')]));
    await h.a.platforms.idle();
    fake.clear();
    // Inside 24 h: an invitation goes as UPDATE.
    expect((await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Mời đánh giá' }], 'invitation')).status).toBe('sent');
    expect(fake.delivered(PSID)[0]).toMatchObject({ messagingType: 'UPDATE' });
    expect(fake.delivered(PSID)[0]!.tag).toBeUndefined();
    await h.a.database.db.execute(sql`update sessions set last_inbound_at = now() - interval '3 days', created_at = now() - interval '3 days'`);
    const invite = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Mời đánh giá' }], 'invitation');
    expect(invite.status).toBe('failed');
    expect(invite.error?.message).toMatch(/tag/);
    await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Trả lời của cán bộ' }], 'staff');
    expect(fake.delivered(PSID)).toHaveLength(2);
    expect(fake.delivered(PSID)[1]).toMatchObject({ messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    await h.a.database.db.execute(sql`update sessions set last_inbound_at = now() - interval '8 days', created_at = now() - interval '8 days'`);
    const late = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Trả lời của cán bộ' }], 'staff');
    expect(late.status).toBe('waiting');
    // Every tagged send was one of the two allowed uses.
    for (const d of fake.delivered()) if (d.tag) expect(['ACCOUNT_UPDATE', 'HUMAN_AGENT']).toContain(d.tag);
  });

  it('sends a held bulletin once the user writes again (back inside the window)', async () => {
    await send(body([textItem('xin chào')]));
    await h.a.platforms.idle();
    await h.a.database.db.execute(sql`update sessions set last_inbound_at = now() - interval '2 days', created_at = now() - interval '2 days'`);
    const held = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Bản tin tuần 47' }], 'broadcast');
    expect(held.status).toBe('waiting');
    fake.clear();
    await send(body([textItem('cảm ơn')]));
    await h.a.platforms.idle();
    await h.a.outbox.tick();
    const bulletin = fake.delivered(PSID).find((d) => d.message.text === 'Bản tin tuần 47');
    expect(bulletin?.messagingType).toBe('UPDATE');
  });

  it('when the citizen writes again: the new question is answered first, held messages that still matter follow, stale ones are dropped', async () => {
    await send(body([textItem('xin chào')]));
    await h.a.platforms.idle();
    const db = h.a.database.db;
    await db.execute(sql`update sessions set last_inbound_at = now() - interval '8 days', created_at = now() - interval '8 days'`);
    // Held while the citizen was out of reach: an earlier menu (a reply), a staff answer, an old bulletin.
    const menu = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Menu cũ', buttons: [{ title: 'Tra cứu', payload: 'dossier:lookup' }] }]);
    await db.execute(sql`update outbound_messages set status = 'waiting' where id = ${menu.id}`);
    const staff = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Trả lời của cán bộ' }], 'staff');
    const bulletin = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'Bản tin tuần 40' }], 'broadcast');
    expect([staff.status, bulletin.status]).toEqual(['waiting', 'waiting']);
    await db.execute(sql`update outbound_messages set created_at = now() - interval '8 days' where id = ${bulletin.id}`);
    fake.clear();

    await send(body([textItem('thủ tục đăng ký khai sinh')]));
    await h.a.platforms.idle();
    await h.a.outbox.tick();
    const texts = fake.textsTo(PSID);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(texts[0]).not.toBe('Trả lời của cán bộ');
    expect(texts.at(-1)).toBe('Trả lời của cán bộ');
    expect(texts.some((t) => t.includes('Menu cũ') || t.includes('Bản tin tuần 40'))).toBe(false);
    const rows = (await db.execute(sql`select id, status from outbound_messages where id in (${menu.id}, ${staff.id}, ${bulletin.id}) order by id`)) as unknown as { rows: { id: number; status: string }[] };
    expect(rows.rows.map((r) => r.status)).toEqual(['dropped', 'sent', 'dropped']);
  });

  it('a text with a link (attachment of type fallback beside the text) is answered as text', async () => {
    const psid = '24879183245026601';
    await send(body([{
      sender: { id: psid }, recipient: { id: '1090000000000' }, timestamp: Date.now(),
      message: {
        mid: 'm_link_1', text: 'xin chào, xem giúp https://dichvucong.gov.vn',
        attachments: [{ type: 'fallback', payload: { url: 'https://dichvucong.gov.vn', title: 'Cổng Dịch vụ công Quốc gia' } }],
      },
    }]));
    await h.a.platforms.idle();
    const texts = fake.textsTo(psid).join('\n');
    expect(texts).not.toMatch(/chỉ đọc được tin nhắn chữ/);
    expect(texts).toContain('Xin chào');
  });

  it('one odd item (plugin opt-in with user_ref, no sender.id) does not drop the valid messages beside it', async () => {
    const psid = '24879183245026602';
    await send(body([
      { recipient: { id: '1090000000000' }, timestamp: Date.now(), optin: { ref: 'landing', user_ref: 'ur-5501' } },
      textItem('xin chào', undefined, psid),
    ]));
    await h.a.platforms.idle();
    expect(fake.textsTo(psid)[0]).toContain('Xin chào');
  });

  it('(#200) "This person isn\'t receiving messages from you right now" unsubscribes, like 551', async () => {
    const psid = '24879183245026603';
    await subscribe(h.a.database.db, 'messenger', psid, 'command');
    fake.notReceiving(psid);
    const r = await h.a.outbox.deliverNow('messenger', psid, [{ text: 'x' }]);
    expect([r.status, r.error?.problem, r.error?.code]).toEqual(['failed', 'blocked', 200]);
    expect(await findSubscriber(h.a.database.db, 'messenger', psid)).toMatchObject({ status: 'unsubscribed', reason: 'blocked' });
  });

  it('a NUL byte in a message is cleaned and answered', async () => {
    const psid = '24879183245026604';
    await send(body([textItem('xin\u0000 chào', undefined, psid)]));
    await h.a.platforms.idle();
    expect(fake.textsTo(psid)[0]).toContain('Xin chào');
  });

  it('reports a blocked user (551), who is unsubscribed', async () => {
    await subscribe(h.a.database.db, 'messenger', PSID, 'command');
    fake.block(PSID);
    const r = await h.a.outbox.deliverNow('messenger', PSID, [{ text: 'x' }]);
    expect([r.status, r.error?.problem]).toEqual(['failed', 'blocked']);
    expect(await findSubscriber(h.a.database.db, 'messenger', PSID)).toMatchObject({ status: 'unsubscribed', reason: 'blocked' });
  });
});

describe('npm run channels:setup', () => {
  it('sets Get Started, greeting and the persistent menu from the main menu', async () => {
    const { setupMessenger } = await import('../../bot/channels/cli/setup');
    const { sent } = await setupMessenger(h.a.config, h.a.engine.handlers);
    expect(sent).toBe(true);
    const [req] = fake.requests.filter((r) => r.path.endsWith('/messenger_profile'));
    expect(req!.body.get_started).toEqual({ payload: 'menu' });
    const menus = req!.body.persistent_menu as { locale: string; call_to_actions: { title: string; payload: string }[] }[];
    expect(menus.map((m) => m.locale)).toEqual(['default', 'en_US']);
    expect(menus[0]!.call_to_actions[0]).toMatchObject({ title: 'Menu chính', payload: 'menu' });
    expect(menus[1]!.call_to_actions[0]).toMatchObject({ title: 'Main menu' });
    expect(menus[0]!.call_to_actions.every((c) => c.title.length <= 30)).toBe(true);
  });

  it('says what to do without a Page access token, in Vietnamese or English', async () => {
    const { setupMessenger } = await import('../../bot/channels/cli/setup');
    const config = { ...h.a.config, FB_PAGE_ACCESS_TOKEN: undefined };
    await expect(setupMessenger(config, h.a.engine.handlers)).rejects.toThrow('Chưa đặt FB_PAGE_ACCESS_TOKEN: ghi mã truy cập của Trang vào .env rồi chạy lại.');
    await expect(setupMessenger(config, h.a.engine.handlers, false, 'en')).rejects.toThrow('FB_PAGE_ACCESS_TOKEN is not set');
  });
});
