import { describe, expect, it } from 'vitest';
import { startFakeTelegram } from '../fakes';
import { FAKE_TG_MAX_TEXT } from '../fakes/telegram';
import { count, expectSplitDelivery, post, usePlatform } from './helpers';
import { findSubscriber, subscribe } from '../../models/repos/subscriptions';

const SECRET = 'tg_Secret-123';
const CHAT = '7003004005';
const { fake, h } = usePlatform(startFakeTelegram, {
  env: () => ({ TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://motcua.example.gov.vn' }),
  background: true,
});
let updateId = 500_000;

const chat = (id = CHAT) => ({ id: Number(id), type: 'private', first_name: 'Lan' });
const from = (id = CHAT) => ({ id: Number(id), is_bot: false, first_name: 'Lan', language_code: 'vi' });
const textUpdate = (text: string, id = ++updateId, chatId = CHAT) => ({
  update_id: id,
  message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: chat(chatId), from: from(chatId), text },
});
const send = (update: unknown, secret: string | null = SECRET) =>
  post(`${h.url}/webhooks/telegram`, JSON.stringify(update), secret === null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret });

describe('Telegram webhook', () => {
  it('set the webhook with its secret_token at start (PUBLIC_URL set)', async () => {
    // startBackground() set it before the first clear(); starting again must set the same webhook.
    const status = h.a.channels.find((c) => c.channel === 'telegram');
    expect(status?.on).toBe(true);
    await h.a.platforms.telegram!.start();
    const [call] = fake.calls('setWebhook');
    expect(call).toMatchObject({ url: 'https://motcua.example.gov.vn/webhooks/telegram', secret_token: SECRET });
  });

  it('answers a valid update with the secret header', async () => {
    expect((await send(textUpdate('xin chào'))).status).toBe(200);
    await h.a.platforms.idle();
    expect(fake.textsTo(CHAT)[0]).toContain('Xin chào');
  });

  it('refuses a missing (401) or wrong (403) secret and stores nothing', async () => {
    expect((await send(textUpdate('xin chào'), null)).status).toBe(401);
    expect((await send(textUpdate('xin chào'), 'tg_Secret-124')).status).toBe(403);
    await h.a.platforms.idle();
    expect(await count(h.a, 'inbound_events')).toBe(0);
    expect(fake.calls('sendMessage')).toHaveLength(0);
  });

  it('answers a re-delivered update once', async () => {
    const u = textUpdate('xin chào');
    await Promise.all([send(u), send(u)]);
    await send(u);
    await h.a.platforms.idle();
    expect(await count(h.a, 'inbound_events')).toBe(1);
    expect(fake.textsTo(CHAT).filter((t) => t.includes('Xin chào'))).toHaveLength(1);
  });

  it('routes an inline button press to its handler and answers the callback query', async () => {
    const id = ++updateId;
    await send({
      update_id: id,
      callback_query: { id: `cq${id}`, from: from(), chat_instance: '1', data: 'lang:en', message: { message_id: 1, date: 1, chat: chat(), text: 'menu' } },
    });
    await h.a.platforms.idle();
    expect(fake.calls('answerCallbackQuery')).toEqual([{ callback_query_id: `cq${id}` }]);
    expect(fake.textsTo(CHAT).join('\n')).toContain('Switched to English');
  });

  it('sends inline keyboards with short callback data', async () => {
    await h.a.outbox.deliverNow('telegram', CHAT, [{ text: 'Chọn', buttons: [{ title: 'Tra cứu hồ sơ', payload: 'dossier:lookup' }, { title: 'Cổng', url: 'https://dichvucong.gov.vn' }] }]);
    const [m] = fake.delivered(CHAT);
    expect(m!.replyMarkup!.inline_keyboard).toEqual([[{ text: 'Tra cứu hồ sơ', callback_data: 'dossier:lookup' }], [{ text: 'Cổng', url: 'https://dichvucong.gov.vn' }]]);
  });

  it('splits a long answer within 4,096 characters', async () => {
    await expectSplitDelivery(h, fake, 'telegram', CHAT, FAKE_TG_MAX_TEXT);
  });

  it('waits retry_after on 429, then succeeds', async () => {
    fake.retryAfter = 1;
    fake.failNext('rate_limited');
    const started = Date.now();
    const r = await h.a.outbox.deliverNow('telegram', '7003004999', [{ text: 'Kết quả' }]);
    expect(r.status).toBe('sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fake.calls('sendMessage')).toHaveLength(2);
  });

  it('paces one chat: a burst of 3, then about one message per second', async () => {
    const chatId = '7003004222';
    const replies = ['Một.', 'Hai.', 'Ba.', 'Bốn.', 'Năm.'].map((text) => ({ text }));
    await h.a.outbox.sendNow('telegram', chatId, replies);
    const times = fake.requests.filter((r) => r.path.endsWith('/sendMessage')).map((r) => r.at);
    expect(fake.textsTo(chatId)).toEqual(['Một.', 'Hai.', 'Ba.', 'Bốn.', 'Năm.']);
    expect(times[2]! - times[0]!).toBeLessThan(500);
    // Messages 4 and 5 wait for the chat's bucket: about 1 s apart (timer slack allowed).
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(900);
    expect(times[4]! - times[3]!).toBeGreaterThanOrEqual(900);
  });

  it('a signed update whose text is an object does not throw; the next update is answered', async () => {
    const bad = textUpdate('x', ++updateId, '7003004222') as { message: Record<string, unknown> };
    bad.message.text = { evil: true };
    expect((await send(bad)).status).toBe(200);
    await h.a.platforms.idle();
    expect(fake.textsTo('7003004222')).toEqual([]);
    expect((await send(textUpdate('xin\u0000 chào', ++updateId, '7003004222'))).status).toBe(200);
    await h.a.platforms.idle();
    expect(fake.textsTo('7003004222')[0]).toContain('Xin chào');
  });

  it('reports a user who blocked the bot (403), who is unsubscribed', async () => {
    await subscribe(h.a.database.db, 'telegram', '7003004111', 'command');
    fake.block('7003004111');
    const r = await h.a.outbox.deliverNow('telegram', '7003004111', [{ text: 'Bản tin' }], 'broadcast');
    expect([r.status, r.error?.problem]).toEqual(['failed', 'blocked']);
    expect(await findSubscriber(h.a.database.db, 'telegram', '7003004111')).toMatchObject({ status: 'unsubscribed', reason: 'blocked' });
    await expect(h.a.outbox.sendNow('telegram', '7003004111', [{ text: 'x' }])).rejects.toMatchObject({ problem: 'blocked', code: 403 });
  });

  it('delivers a queued notification through the worker', async () => {
    const { enqueueOutbound } = await import('../../models/repos/outbound');
    await enqueueOutbound(h.a.database.db, { channel: 'telegram', userId: CHAT, kind: 'notification', replies: [{ text: 'Hồ sơ đã có kết quả.' }] });
    await fake.waitFor((r) => r.path.endsWith('/sendMessage'));
    expect(fake.textsTo(CHAT)).toEqual(['Hồ sơ đã có kết quả.']);
  });
});

describe('Telegram long polling (PUBLIC_URL not set)', () => {
  const { fake: pf, h: ph } = usePlatform(startFakeTelegram, { reset: false });

  it('polls getUpdates and answers', async () => {
    await ph.a.startBackground();
    pf.pushUpdate(textUpdate('xin chào', 900_001, '7111'));
    await pf.waitFor((r) => r.path.endsWith('/sendMessage'), 1, 15_000);
    await ph.a.platforms.idle();
    expect(pf.textsTo('7111')[0]).toContain('Xin chào');
    expect(pf.calls('deleteWebhook')).toHaveLength(1);
  });
});
