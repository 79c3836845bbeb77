// Platform payloads → InboundEvents (pure parsing; the webhook tests cover the HTTP path).
import { describe, expect, it } from 'vitest';
import { parseZaloEvent, ZaloEventSchema } from '../../bot/channels/zalo/parse';
import { MessengerBodySchema, parseMessengerBody } from '../../bot/channels/messenger/parse';
import { parseTelegramUpdate } from '../../bot/channels/telegram/parse';
import type { Update } from 'telegraf/types';

const zalo = (o: Record<string, unknown>) => {
  const raw = Buffer.from(JSON.stringify(o));
  return parseZaloEvent(ZaloEventSchema.parse(JSON.parse(raw.toString())), raw);
};

describe('Zalo events', () => {
  it('keeps 19-digit ids as exact strings', () => {
    // Written as a bare JSON number, JSON.parse would already have lost digits: Zalo sends strings.
    const e = zalo({ event_name: 'user_send_text', sender: { id: '3662729599332560487' }, message: { text: 'chào', msg_id: 'abc' }, timestamp: '1699003881354' });
    expect(e).toMatchObject({ id: 'abc', userId: '3662729599332560487', kind: 'text', text: 'chào' });
  });
  it('reads follow, unfollow, location, image; payload text as postback; ignores echoes and receipts', () => {
    expect(zalo({ event_name: 'follow', follower: { id: '11' }, oa_id: '9', timestamp: '1' })).toMatchObject({ kind: 'follow', userId: '11' });
    expect(zalo({ event_name: 'unfollow', follower: { id: '11' }, oa_id: '9', timestamp: '2' })).toMatchObject({ kind: 'unfollow', userId: '11' });
    expect(
      zalo({ event_name: 'user_send_location', sender: { id: '12' }, message: { msg_id: 'l', attachments: [{ type: 'location', payload: { coordinates: { latitude: '21.02', longitude: '105.85' } } }] } }),
    ).toMatchObject({ kind: 'location', location: { latitude: 21.02, longitude: 105.85 } });
    expect(
      zalo({ event_name: 'user_send_image', sender: { id: '12' }, message: { msg_id: 'i', attachments: [{ type: 'image', payload: { url: 'https://x/y.jpg' } }] } }),
    ).toMatchObject({ kind: 'attachment', attachments: [{ type: 'image', url: 'https://x/y.jpg' }] });
    expect(zalo({ event_name: 'user_send_text', sender: { id: '12' }, message: { msg_id: 'p', text: '#p:menu' } })).toMatchObject({ kind: 'postback', payload: 'menu' });
    expect(zalo({ event_name: 'oa_send_text', sender: { id: '9' }, recipient: { id: '12' }, message: { msg_id: 'e', text: 'x' } })).toBeNull();
    expect(zalo({ event_name: 'user_seen_message', sender: { id: '12' }, message: { msg_ids: ['a'] } })).toBeNull();
  });
  it('gives events without msg_id a stable id from the raw body', () => {
    const o = { event_name: 'follow', follower: { id: '11' }, timestamp: '5' };
    expect(zalo(o)!.id).toBe(zalo(o)!.id);
    expect(zalo({ ...o, timestamp: '6' })!.id).not.toBe(zalo(o)!.id);
  });
});

describe('Messenger events', () => {
  it('reads text, quick reply, postback, location, image; skips echoes; loops over entries', () => {
    const body = MessengerBodySchema.parse({
      object: 'page',
      entry: [
        { id: 'P', time: 1, messaging: [
          { sender: { id: 'u1' }, recipient: { id: 'P' }, timestamp: 1, message: { mid: 'm1', text: 'xin chào' } },
          { sender: { id: 'u1' }, recipient: { id: 'P' }, timestamp: 2, message: { mid: 'm2', text: 'Tiếng Anh', quick_reply: { payload: 'lang:en' } } },
          { sender: { id: 'P' }, recipient: { id: 'u1' }, timestamp: 3, message: { mid: 'm3', text: 'echo', is_echo: true } },
        ] },
        { id: 'P', time: 2, messaging: [
          { sender: { id: 'u2' }, recipient: { id: 'P' }, timestamp: 4, postback: { mid: 'm4', title: 'Bắt đầu', payload: 'menu' } },
          { sender: { id: 'u2' }, recipient: { id: 'P' }, timestamp: 5, message: { mid: 'm5', attachments: [{ type: 'image', payload: { url: 'https://x/i.png' } }] } },
          { sender: { id: 'u2' }, recipient: { id: 'P' }, timestamp: 6, message: { mid: 'm6', attachments: [{ type: 'location', payload: { coordinates: { lat: 21, long: 105 } } }] } },
        ] },
      ],
    });
    const events = parseMessengerBody(body);
    expect(events.map((e) => [e.id, e.kind, e.payload ?? e.text ?? null])).toEqual([
      ['m1', 'text', 'xin chào'],
      ['m2', 'postback', 'lang:en'],
      ['m4', 'postback', 'menu'],
      ['m5', 'attachment', null],
      ['m6', 'location', null],
    ]);
    expect(events[4]!.location).toEqual({ latitude: 21, longitude: 105 });
  });
});

describe('Telegram updates', () => {
  const from = { id: 42, is_bot: false, first_name: 'A' };
  const chat = { id: 42, type: 'private' as const, first_name: 'A' };
  it('reads text, callback, location, photo and blocking', () => {
    expect(parseTelegramUpdate({ update_id: 1, message: { message_id: 1, date: 1, chat, from, text: 'chào' } } as Update)).toMatchObject({ id: '1', userId: '42', kind: 'text', text: 'chào' });
    expect(
      parseTelegramUpdate({ update_id: 2, callback_query: { id: 'q', from, chat_instance: 'c', data: 'lang:en', message: { message_id: 2, date: 1, chat, text: 'x' } } } as Update),
    ).toMatchObject({ kind: 'postback', payload: 'lang:en', userId: '42' });
    expect(parseTelegramUpdate({ update_id: 3, message: { message_id: 3, date: 1, chat, from, location: { latitude: 21, longitude: 105 } } } as Update)).toMatchObject({ kind: 'location' });
    expect(parseTelegramUpdate({ update_id: 4, message: { message_id: 4, date: 1, chat, from, photo: [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }] } } as Update)).toMatchObject({
      kind: 'attachment', attachments: [{ type: 'image' }],
    });
    const member = (status: string) => ({ user: from, status });
    expect(
      parseTelegramUpdate({ update_id: 5, my_chat_member: { chat, from, date: 1, old_chat_member: member('member'), new_chat_member: member('kicked') } } as unknown as Update),
    ).toMatchObject({ kind: 'unfollow', userId: '42' });
    expect(parseTelegramUpdate({ update_id: 6, message: { message_id: 6, date: 1, chat: { id: -5, type: 'group', title: 'g' }, from, text: 'x' } } as Update)).toBeNull();
  });
});
