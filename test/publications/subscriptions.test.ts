// Subscribing and unsubscribing as conversation scripts: words, the menu button, follow/unfollow;
// each change confirmed; a waiting subscriber who writes again gets the latest publication.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { converse, useTestAssistant } from '../helpers/assistant';
import { findSubscriber, unsubscribe } from '../../models/repos/subscriptions';
import { startSending, publicationOutcome } from '../../models/repos/publications';
import { approvedBulletin } from '../helpers/factories';
import { DeliveryWorker } from '../../bot/outbound/bulletins';
import { fakePlatformSender, startFakePlatform } from './fake-platform';
import type { InboundEvent } from '../../core/types';

const a = useTestAssistant();

const status = async (userId: string, channel: 'console' | 'zalo' | 'messenger' = 'console') => findSubscriber(a.database.db, channel, userId);
let n = 0;
const platformEvent = (channel: 'zalo', userId: string, kind: 'follow' | 'unfollow'): InboundEvent => ({
  id: `ev-${++n}-${Date.now()}`, channel, userId, kind, receivedAt: new Date(),
});

describe('subscriptions in conversation', () => {
  it('"nhận tin" subscribes, again says already, "dừng" unsubscribes, again says not subscribed', async () => {
    const turns = await converse(a, 'u1', ['nhận tin', 'Nhan tin', 'dừng', 'huỷ nhận tin']);
    expect(turns[0]!.text).toContain('đã đăng ký nhận bản tin');
    expect(turns[1]!.text).toContain('đã đăng ký nhận bản tin hằng tuần rồi');
    expect(turns[2]!.text).toContain('đã huỷ nhận bản tin');
    expect(turns[3]!.text).toContain('chưa đăng ký');
    const s = await status('u1');
    expect(s).toMatchObject({ status: 'unsubscribed', reason: 'command', source: 'command' });
  });

  it('the menu button subscribes, and the "already" answer offers a stop button', async () => {
    const [menu] = await converse(a, 'u2', ['menu']);
    const entry = menu!.replies[0]!.buttons!.find((b) => 'payload' in b && b.payload === 'sub:on');
    expect(entry?.title).toBe('Nhận bản tin kết quả hằng tuần');
    const turns = await converse(a, 'u2', ['@sub:on', '@sub:on', '1']);
    expect(turns[0]!.text).toContain('đã đăng ký');
    expect((await status('u2'))?.source).toBe('menu');
    expect(turns[1]!.text).toMatch(/rồi ạ[\s\S]*1\. Dừng nhận tin/);
    expect(turns[2]!.text).toContain('đã huỷ');
  });

  it('works in English', async () => {
    const turns = await converse(a, 'u3', ['English', 'subscribe', 'stop']);
    expect(turns[1]!.text).toContain('You are now subscribed');
    expect(turns[2]!.text).toContain('You have unsubscribed');
  });

  it('follow subscribes and unfollow unsubscribes, each confirmed', async () => {
    const f = await a.engine.handle(platformEvent('zalo', 'z1', 'follow'));
    expect(f.replies[0]!.text).toContain('Cảm ơn anh/chị đã quan tâm');
    expect(await status('z1', 'zalo')).toMatchObject({ status: 'active', source: 'follow' });
    const u = await a.engine.handle(platformEvent('zalo', 'z1', 'unfollow'));
    expect(u.replies[0]!.text).toContain('đã huỷ nhận bản tin');
    expect(await status('z1', 'zalo')).toMatchObject({ status: 'unsubscribed', reason: 'unfollow' });
  });

  it('"dừng" without a subscription is left to the rest of the assistant', async () => {
    const [t] = await converse(a, 'u4', ['dừng']);
    expect(t!.text).not.toContain('đã huỷ nhận bản tin');
    expect(await status('u4')).toBeUndefined();
  });

  it('a platform "blocked" unsubscribes with that reason; pending deliveries are dropped', async () => {
    await converse(a, 'u5', ['nhận tin']);
    const p = await approvedBulletin(a.database.db, { texts: { vi: 'Bản tin', en: 'Bulletin' } });
    await startSending(a.database.db, p.id, 't');
    expect(await unsubscribe(a.database.db, 'console', 'u5', 'blocked')).toBe(true);
    expect(await status('u5')).toMatchObject({ status: 'unsubscribed', reason: 'blocked' });
    expect((await publicationOutcome(a.database.db, p.id)).unsubscribed).toBe(1);
  });

  it('a subscriber held as waiting gets the latest publication when they write again', async () => {
    const db = a.database.db;
    await converse(a, 'm1', ['nhận tin'], 'messenger');
    await converse(a, 'm2', ['nhận tin'], 'messenger');
    // Their last message was two days ago: outside Messenger's 24 h window.
    await db.execute(sql`update sessions set last_inbound_at = now() - interval '2 days'`);
    const p = await approvedBulletin(db, { texts: { vi: 'Bản tin tuần 24', en: 'Bulletin 24' } });
    await startSending(db, p.id, 't');
    const fake = await startFakePlatform();
    const worker = new DeliveryWorker(db, fakePlatformSender(fake.url, ['messenger']));
    try {
      expect(await worker.runUntilDone(p.id)).toMatchObject({ waiting: 2, sent: 0 });
      expect(fake.requests).toBe(0);
      // m1 writes again (about anything): the running worker sends the bulletin.
      await worker.start();
      await converse(a, 'm1', ['xin chào'], 'messenger');
      await expect.poll(() => fake.received.get('messenger:m1')?.length ?? 0, { timeout: 15_000 }).toBe(1);
      expect(fake.received.get('messenger:m1')![0]).toBe('Bản tin tuần 24');
      await expect.poll(async () => (await publicationOutcome(db, p.id)).sent, { timeout: 5_000 }).toBe(1);
      // m2 says "nhận tin": told the latest bulletin follows, and it does.
      const [back] = await converse(a, 'm2', ['nhận tin'], 'messenger');
      expect(back!.text).toContain('Bản tin tuần mới nhất sẽ được gửi tới anh/chị ngay sau đây');
      await expect.poll(() => fake.received.get('messenger:m2')?.length ?? 0, { timeout: 15_000 }).toBe(1);
      // Nothing is waiting any more: "nhận tin" now just says they are subscribed.
      const [again] = await converse(a, 'm1', ['nhận tin'], 'messenger');
      expect(again!.text).not.toContain('Bản tin tuần mới nhất sẽ được gửi');
    } finally {
      await worker.stop();
      await fake.close();
    }
  });
});
