// Limits by source at the platform webhooks (issue 18 items 3–4): a flood from one signed user id is
// acknowledged and not handled beyond WEBHOOK_USER_RATE_PER_MINUTE, so it cannot crowd out other citizens
// nor pile up failures on their dossier codes; beyond WEBHOOK_GLOBAL_RATE_PER_SECOND the webhook answers 503
// before storing anything, and the platform's later re-delivery is answered once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startFakeTelegram } from '../fakes';
import { post, startHarness, usePlatform, type ChannelHarness } from './helpers';

const SECRET = 'tg_Limits-123';
const PER_USER = 5;
// One event a second: a burst is refused in part however slowly a loaded machine sends it.
const GLOBAL = 1;
const { fake, h } = usePlatform(startFakeTelegram, {
  env: () => ({ TELEGRAM_WEBHOOK_SECRET: SECRET, WEBHOOK_USER_RATE_PER_MINUTE: String(PER_USER) }),
});
let guarded: ChannelHarness;
let updateId = 700_000;

const update = (chatId: string, text: string, id = ++updateId) => ({
  update_id: id,
  message: {
    message_id: id, date: Math.floor(Date.now() / 1000), text,
    chat: { id: Number(chatId), type: 'private', first_name: 'Lan' }, from: { id: Number(chatId), is_bot: false, first_name: 'Lan' },
  },
});
const send = (u: unknown, to = h) => post(`${to.url}/webhooks/telegram`, JSON.stringify(u), { 'X-Telegram-Bot-Api-Secret-Token': SECRET });
const handledFrom = async (userId: string) => {
  const r = (await h.a.database.db.execute(sql`select count(*)::int as n from messages where direction = 'in' and user_id = ${userId}`)) as unknown as { rows: { n: number }[] };
  return r.rows[0]!.n;
};

beforeAll(async () => {
  // A second instance with a tight global guard, on its own database.
  guarded = await startHarness({ ...fake.env, TELEGRAM_WEBHOOK_SECRET: SECRET, WEBHOOK_GLOBAL_RATE_PER_SECOND: String(GLOBAL) });
});
afterAll(async () => {
  await guarded.close();
});

describe('limits by source at a platform webhook', () => {
  it('a flood of wrong dossier codes from one signed user: only the first few are handled; another citizen is answered', async () => {
    const attacker = '6100000001';
    const citizen = '6100000002';
    const flood = Array.from({ length: 15 }, (_, i) => update(attacker, `HS-2026-${String(i).padStart(5, '0')}`));
    const statuses = [];
    for (const u of flood.slice(0, 8)) statuses.push((await send(u)).status);
    statuses.push((await send(update(citizen, 'xin chào'))).status);
    for (const u of flood.slice(8)) statuses.push((await send(u)).status);
    // Acknowledged (a 200), so the platform does not send the flood again.
    expect(statuses.every((s) => s === 200)).toBe(true);
    await h.a.platforms.idle();
    expect(await handledFrom(attacker)).toBe(PER_USER);
    expect(await handledFrom(citizen)).toBe(1);
    expect(fake.textsTo(citizen).some((t) => t.includes('Xin chào'))).toBe(true);
    // Nothing beyond the limit was looked up: the flood cannot pile up failures against a code.
    const lookups = (await h.a.database.db.execute(sql`select count(*)::int as n from dossier_lookups where user_id = ${attacker}`)) as unknown as { rows: { n: number }[] };
    expect(lookups.rows[0]!.n).toBeLessThanOrEqual(PER_USER);
  });

  it('over the global guard the webhook answers 503 and stores nothing; the re-delivery is answered once', async () => {
    const burst = Array.from({ length: 10 }, (_, i) => update(String(6200000000 + i), 'xin chào'));
    const t0 = Date.now();
    const first = await Promise.all(burst.map((u) => send(u, guarded).then((r) => r.status)));
    const seconds = Math.ceil((Date.now() - t0) / 1000);
    expect(first.every((s) => s === 200 || s === 503)).toBe(true);
    const accepted = first.filter((s) => s === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(GLOBAL * (seconds + 1));
    await guarded.a.platforms.idle();
    const stored = (await guarded.a.database.db.execute(sql`select count(*)::int as n from inbound_queue`)) as unknown as { rows: { n: number }[] };
    expect(stored.rows[0]!.n).toBe(accepted);
    // The platform delivers the refused updates again, later, one by one: each answered once.
    let pending = burst.filter((_, i) => first[i] === 503);
    expect(pending.length).toBeGreaterThan(0);
    while (pending.length) {
      await new Promise((r) => setTimeout(r, 1000));
      const statuses = await Promise.all(pending.map((u) => send(u, guarded).then((r) => r.status)));
      pending = pending.filter((_, i) => statuses[i] !== 200);
    }
    await guarded.a.platforms.idle();
    for (const u of burst) {
      const chatId = String(u.message.chat.id);
      expect(fake.textsTo(chatId).filter((t) => t.includes('Xin chào')), chatId).toHaveLength(1);
    }
  });
});
