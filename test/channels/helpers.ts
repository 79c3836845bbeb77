// Shared set-up of the channel tests: the whole assistant on a real database, listening on 127.0.0.1,
// pointed at the local fake platform servers.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Listening } from '../../bot/server';
import { startTestAssistant, type TestAssistant } from '../helpers/assistant';
import { late } from '../helpers/late';

export interface ChannelHarness {
  a: TestAssistant;
  url: string;
  listening: Listening;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string>): Promise<ChannelHarness> {
  const a = await startTestAssistant(env);
  const listening = await a.listen(0);
  return {
    a,
    url: `http://127.0.0.1:${listening.port}`,
    listening,
    async close() {
      await a.platforms.idle();
      await a.stop();
      await a.database.close();
    },
  };
}

/** What a fake platform server offers the fixture. */
interface PlatformFake {
  env: Record<string, string>;
  clear(): void;
  close(): Promise<void>;
}

export interface PlatformOptions<F> {
  /** Settings over the fake's own (webhook secret, public URL, limits). */
  env?: (fake: F) => Record<string, string>;
  /** Start the background work (webhook registration, outbound workers) once started. */
  background?: boolean;
  /**
   * Before each test the replies in flight are let finish, the tables emptied and the fake's record
   * cleared; `false` leaves all as the previous test left it. A function runs after the tables
   * are emptied (to seed what every test needs) and before the record is cleared.
   */
  reset?: false | ((h: ChannelHarness, fake: F) => Promise<void>);
}

/**
 * A fake platform server and the assistant listening, pointed at it, for one test file or describe
 * block: started in beforeAll, closed in afterAll. The values stand for the fake and the harness
 * once started (use them inside tests and hooks).
 */
export function usePlatform<F extends PlatformFake>(startFake: () => Promise<F>, options: PlatformOptions<F> = {}): { fake: F; h: ChannelHarness } {
  let fake: F | undefined;
  let h: ChannelHarness | undefined;
  beforeAll(async () => {
    fake = await startFake();
    h = await startHarness({ ...fake.env, ...options.env?.(fake) });
    if (options.background) await h.a.startBackground();
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });
  const reset = options.reset;
  if (reset !== false) {
    beforeEach(async () => {
      await h!.a.platforms.idle();
      await h!.a.database.reset();
      await reset?.(h!, fake!);
      fake!.clear();
    });
  }
  return { fake: late(() => fake, 'usePlatform(): the fake'), h: late(() => h, 'usePlatform(): the harness') };
}

export async function post(url: string, raw: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body: raw, headers: { 'Content-Type': 'application/json', ...headers } });
  return { status: res.status, text: await res.text() };
}

export async function count(a: TestAssistant, table: string): Promise<number> {
  const r = (await a.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return r.rows[0]!.n;
}

export async function outboundRows(a: TestAssistant, channel: string) {
  const r = (await a.database.db.execute(
    sql`select status, attempts, platform_message_id as "platformMessageId", last_error as "lastError", kind from outbound_messages where channel = ${channel} order by id`,
  )) as unknown as { rows: { status: string; attempts: number; platformMessageId: string | null; lastError: string | null; kind: string }[] };
  return r.rows;
}

/**
 * Delivers an answer of more than `max * 2` characters to `to` and checks what the platform got: at
 * least three pieces, each within `max` characters and ending a sentence, which put together are the
 * answer. The pieces are returned.
 */
export async function expectSplitDelivery(
  h: ChannelHarness,
  fake: { textsTo(to: string): string[] },
  channel: 'messenger' | 'telegram' | 'zalo',
  to: string,
  max: number,
): Promise<string[]> {
  const text = longText(Math.round(max * 2.25));
  expect((await h.a.outbox.deliverNow(channel, to, [{ text }])).status).toBe('sent');
  const pieces = fake.textsTo(to);
  expect(pieces.length).toBeGreaterThanOrEqual(3);
  for (const p of pieces) {
    expect(p.length).toBeLessThanOrEqual(max);
    expect(p).toMatch(/\.$/);
  }
  expect(pieces.join(' ')).toBe(text);
  return pieces;
}

/** A text of many sentences, longer than `min` characters. */
export function longText(min: number): string {
  const sentences: string[] = [];
  let i = 0;
  while (sentences.join(' ').length < min) {
    i++;
    sentences.push(`Câu thứ ${i}: hồ sơ đăng ký khai sinh cần tờ khai, giấy chứng sinh và giấy tờ tùy thân của người đi đăng ký.`);
  }
  return sentences.join(' ');
}
