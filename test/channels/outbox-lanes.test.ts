// The outbound worker drains each channel in a lane of its own: a channel waiting for its platform's
// pace (a backlog to one chat) does not hold back the rows of another channel (bot/outbox.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMessenger, startFakeTelegram, type FakeMessenger, type FakeTelegram } from '../fakes';
import { startHarness, type ChannelHarness } from './helpers';
import { enqueueOutbound } from '../../models/repos/outbound';

const CHAT = '7003004077';
const PSID = '24681357900';
// The rows the worker claims at once (bot/outbox.ts OUTBOUND_BATCH), and a backlog of more than that.
const CLAIMED_AT_ONCE = 20;
const BACKLOG = 25;

let telegram: FakeTelegram;
let messenger: FakeMessenger;
let h: ChannelHarness;

describe('outbound worker lanes', () => {
  beforeAll(async () => {
    [telegram, messenger] = await Promise.all([startFakeTelegram(), startFakeMessenger()]);
    h = await startHarness({ ...telegram.env, ...messenger.env, TELEGRAM_WEBHOOK_SECRET: 'tg_lanes', PUBLIC_URL: 'https://motcua.example.gov.vn' });
    await h.a.startBackground();
  });
  afterAll(async () => {
    await h.close();
    await Promise.all([telegram.close(), messenger.close()]);
  });
  beforeEach(async () => {
    await h.a.database.reset();
    telegram.clear();
    messenger.clear();
  });

  it('sends a Messenger row at once while a Telegram backlog to one chat waits for its pace, each chat in order', async () => {
    // One message per 200 ms into a chat: the backlog takes about 5 s.
    h.a.outbox.setPacing('telegram', { perSecond: 1000, burst: 1000, perChatPerSecond: 5, perChatBurst: 1 });
    const db = h.a.database.db;
    for (let i = 1; i <= BACKLOG; i++) await enqueueOutbound(db, { channel: 'telegram', userId: CHAT, kind: 'notification', replies: [{ text: `Tin ${i}` }] });
    await enqueueOutbound(db, { channel: 'messenger', userId: PSID, kind: 'notification', replies: [{ text: 'Hồ sơ đã có kết quả.' }] });

    await messenger.waitFor((r) => r.path.endsWith('/messages'), 1, 10_000);
    const telegramSentBefore = telegram.textsTo(CHAT).length;
    // One pass over every channel made the Messenger row wait for the first claimed batch of Telegram
    // rows (about 4 s); in its own lane it leaves at once (a loaded machine may let a few Telegram rows go first).
    expect(telegramSentBefore).toBeLessThan(CLAIMED_AT_ONCE);

    await telegram.waitFor((r) => r.path.endsWith('/sendMessage'), BACKLOG, 15_000);
    expect(telegram.textsTo(CHAT)).toEqual(Array.from({ length: BACKLOG }, (_, i) => `Tin ${i + 1}`));
    expect(messenger.textsTo(PSID)).toEqual(['Hồ sơ đã có kết quả.']);
  }, 30_000);
});
