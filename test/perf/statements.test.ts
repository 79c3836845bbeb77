// The statement budget of a turn (issue 17): scripted conversations, each turn's statements counted on
// the database handle. A count, not a time (speed is `npm run bench:webchat`): it fails when a change
// makes a turn send more statements than its budget, on PGlite and on PostgreSQL alike.
import { describe, expect, it } from 'vitest';
import { payloadEvent, textEvent, useTestAssistant } from '../helpers/assistant';
import type { ChannelName } from '../../core/types';
import { CATALOG_RECHECK_MS } from '../../knowledge/store';

const a = useTestAssistant();

// The engine's own part of a turn: one statement starts it (event recorded, session loaded) and one ends
// it (session if changed, log, event finished, reply row for the outbox).
const ENGINE_STATEMENTS = 2;
// A turn that asks the understanding may send one more: a procedure's answer its record, a question
// not understood its row for review.
const TURN_BUDGET = 3;
// Besides, any turn may be the one that checks, at most every CATALOG_RECHECK_MS, whether another
// process changed the catalog (knowledge/store.ts), and one that falls back may be the one that reads
// the staff FAQ again (knowledge/faq.ts, kept as long): a statement each, counted against the elapsed time.
const RECHECK = 2;
// On PostgreSQL a turn takes the user's row in turn_locks with its start statement and gives it back in its
// end statement (bot/engine.ts lockedTurn): several instances may share the database (issue 14), at no
// extra statement. A turn that ends without its end statement (a re-delivered event) gives its lock back
// alone. PGlite has one process, so no lock.
const LOCK_RELEASED_ALONE = process.env.DATABASE_URL ? 1 : 0;

// A visit: greeting, a number picked, the menu, a procedure, a fee, language there and back, something
// not understood, a button pressed.
const SCRIPT = [
  'xin chào',
  '1',
  'menu',
  'làm giấy khai sinh cần gì',
  'chung thuc 5 trang het bao nhieu',
  'English',
  'hello',
  'Tiếng Việt',
  'thời tiết ngày mai thế nào',
  '@menu',
];
// Turns answered without the understanding: only the engine's statements.
const ENGINE_ONLY = new Set(['xin chào', '1', 'menu', 'English', 'hello', 'Tiếng Việt', '@menu']);

async function countTurns(lines: string[], userId: string, channel: ChannelName) {
  const counts: { line: string; statements: number }[] = [];
  const started = Date.now();
  for (const line of lines) {
    const event = line.startsWith('@') ? payloadEvent(userId, line.slice(1), channel) : textEvent(userId, line, channel);
    const before = a.database.statementCount();
    const r = await a.engine.handle(event);
    const statements = a.database.statementCount() - before;
    expect(r.replies.length, line).toBeGreaterThan(0);
    counts.push({ line, statements });
  }
  return { counts, rechecks: Math.ceil((Date.now() - started) / CATALOG_RECHECK_MS) + 1 };
}

describe('statements per turn', () => {
  for (const channel of ['web', 'zalo'] as const) {
    it(`stays within the budget on ${channel}, the second visit too`, async () => {
      for (const visit of [1, 2]) {
        const { counts, rechecks } = await countTurns(SCRIPT, `budget-${channel}`, channel);
        let extra = 0;
        for (const { line, statements } of counts) {
          const budget = ENGINE_ONLY.has(line) ? ENGINE_STATEMENTS : TURN_BUDGET;
          expect(statements, `visit ${visit}: "${line}"`).toBeLessThanOrEqual(budget + RECHECK);
          extra += Math.max(0, statements - budget);
        }
        // Every turn costs its budget, but for the catalog checks and FAQ re-reads the elapsed time allows.
        expect(extra, `visit ${visit}: statements beyond the turns' budgets`).toBeLessThanOrEqual(RECHECK * rechecks);
      }
    });
  }

  it('a re-delivered event costs one statement (and its turn lock given back on PostgreSQL) and no answer', async () => {
    const event = textEvent('budget-dup', 'menu', 'zalo');
    await a.engine.handle(event);
    const before = a.database.statementCount();
    expect(await a.engine.handle(event)).toEqual({ duplicate: true, replies: [] });
    expect(a.database.statementCount() - before).toBe(1 + LOCK_RELEASED_ALONE);
  });

  it('turns arriving together share their statements (group commit)', async () => {
    const USERS = 30;
    await Promise.all(Array.from({ length: USERS }, (_, i) => a.engine.handle(textEvent(`budget-burst-${i}`, 'menu', 'web'))));
    const before = a.database.statementCount();
    const results = await Promise.all(Array.from({ length: USERS }, (_, i) => a.engine.handle(textEvent(`budget-burst-${i}`, 'menu', 'web'))));
    expect(results.every((r) => r.replies.length > 0)).toBe(true);
    // Alone, 30 turns would take 60 statements; started together they go in a few batches.
    expect(a.database.statementCount() - before).toBeLessThanOrEqual(USERS);
  });
});
