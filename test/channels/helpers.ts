// Shared set-up of the channel tests: the whole assistant on a real database, listening on 127.0.0.1,
// pointed at the local fake platform servers.
import { sql } from 'drizzle-orm';
import type { Listening } from '../../bot/server';
import { startTestAssistant, type TestAssistant } from '../helpers/assistant';

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
