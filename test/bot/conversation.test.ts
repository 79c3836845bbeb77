import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { converse, textEvent, useTestAssistant } from '../helpers/assistant';
import { createAssistant } from '../../bot/app';
import { testConfig } from '../helpers/assistant';

const a = useTestAssistant();

describe('conversation engine', () => {
  it('greets and shows the menu; a number picks the option', async () => {
    const [hello, pick] = await converse(a, 'u1', ['xin chào', '1']);
    expect(hello!.text).toContain('Xin chào');
    expect(hello!.replies[0]!.buttons!.length).toBeGreaterThan(1);
    expect(hello!.text).toMatch(/\n1\. /);
    const first = hello!.replies[0]!.buttons![0]!;
    // Typing "1" behaves as pressing the first button.
    const [pressed] = await converse(a, 'u2', ['xin chao', `@${'payload' in first ? first.payload : ''}`]).then((t) => t.slice(1));
    expect(pick!.text).toBe(pressed!.text);
  });

  it('accepts greetings without diacritics', async () => {
    const [t] = await converse(a, 'u1', ['xin chao']);
    expect(t!.text).toContain('Xin chào');
  });

  it('switches language and remembers it', async () => {
    const turns = await converse(a, 'u1', ['English', 'hello', 'Tiếng Việt', 'chào']);
    expect(turns[0]!.text).toContain('Switched to English');
    expect(turns[1]!.text).toContain('Hello!');
    expect(turns[2]!.text).toContain('Đã chuyển sang tiếng Việt');
    expect(turns[3]!.text).toContain('Xin chào');
  });

  it('records what it cannot answer, counting repeats', async () => {
    const [t] = await converse(a, 'u1', ['thời tiết ngày mai thế nào ạ']);
    expect(t!.text).toContain('em chưa rõ');
    await converse(a, 'u2', ['Thời tiết ngày mai thế nào ạ']);
    const rows = (await a.database.db.execute(sql`select text, count from unanswered_questions`)) as unknown as {
      rows: { text: string; count: number }[];
    };
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.count).toBe(2);
  });

  it('answers a re-delivered event once', async () => {
    const first = await a.engine.handle(textEvent('u1', 'xin chào', 'console', 'same-id'));
    const again = await a.engine.handle(textEvent('u1', 'xin chào', 'console', 'same-id'));
    expect(first.replies.length).toBeGreaterThan(0);
    expect(again).toEqual({ duplicate: true, replies: [] });
  });

  it('answers empty, emoji-only and over-long messages politely', async () => {
    const turns = await converse(a, 'u1', ['   ', '😀😀', 'a'.repeat(5000)]);
    expect(turns[0]!.text).toContain('gõ câu hỏi');
    expect(turns[1]!.text).toContain('gõ câu hỏi');
    expect(turns[2]!.text).toContain('dài quá');
  });

  it('keeps the session across a restart of the engine on the same database', async () => {
    await converse(a, 'u9', ['English']);
    const again = await createAssistant(testConfig(), a.database);
    const [t] = await converse(again, 'u9', ['hello']);
    expect(t!.text).toContain('Hello!');
  });

  it('answers many users at once, each exactly once, with every turn logged', async () => {
    const events = Array.from({ length: 60 }, (_, i) => textEvent(`many-${i % 30}`, i < 30 ? 'xin chào' : 'English', 'web', `many-ev-${i}`));
    // Two re-deliveries mixed in, concurrently with their originals.
    events.push(textEvent('many-3', 'xin chào', 'web', 'many-ev-3'), textEvent('many-10', 'English', 'web', 'many-ev-40'));
    const results = await Promise.all(events.map((e) => a.engine.handle(e)));
    expect(results.filter((r) => r.duplicate)).toHaveLength(2);
    expect(results.filter((r) => !r.duplicate).every((r) => r.replies.length > 0)).toBe(true);
    // Each user's second message ran after the first: everyone ends in English.
    const langs = (await a.database.db.execute(sql`select lang, count(*)::int as n from sessions group by lang`)) as unknown as {
      rows: { lang: string; n: number }[];
    };
    expect(langs.rows).toEqual([{ lang: 'en', n: 30 }]);
    const logged = (await a.database.db.execute(sql`select count(*)::int as n from messages where direction = 'in'`)) as unknown as {
      rows: { n: number }[];
    };
    expect(logged.rows[0]!.n).toBe(60);
  });
});
