// Two instances of the assistant on one PostgreSQL database (as the README allows): quick messages of one
// user handled by both at once must run one after the other, so no dialog step is lost (issue 14).
// PostgreSQL only: PGlite is one process holding its files alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testConfig, textEvent } from '../helpers/assistant';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { openDatabase, type Database } from '../../models/db';
import { Engine } from '../../bot/engine';
import { createMenuHandler } from '../../handlers/menu';
import { createHandlers } from '../../handlers';
import { basicUnderstanding } from '../../knowledge/understand';
import { findSession } from '../../models/repos/sessions';
import { initI18n } from '../../core/i18n';
import type { Handler } from '../../handlers/types';
import { readDialog } from '../../handlers/dialog';

const onPostgres = Boolean(process.env.DATABASE_URL);
let first: TestDatabase;
let second: Database;

beforeAll(async () => {
  if (!onPostgres) return;
  await initI18n();
  first = await openTestDatabase();
  // The second instance: its own connection pool to the same database.
  second = await openDatabase({ databaseUrl: first.url, poolSize: 4 });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

// A dialog whose every step counts the message it got: a lost step shows as a count below the messages sent.
const counter: Handler = {
  name: 'counter',
  stateSchema: z.object({ n: z.number() }),
  commands: ['dem'],
  async onCommand(ctx) {
    ctx.startDialog('counter', 'counting', { n: 0 });
    return [{ text: 'bắt đầu đếm' }];
  },
  async onDialog(ctx) {
    const n = readDialog(ctx, 'counter', z.object({ n: z.number() }))?.state.n ?? 0;
    // Some work between reading and writing the session, as a real step has (a query, the understanding).
    await new Promise((r) => setTimeout(r, 5));
    ctx.startDialog('counter', 'counting', { n: n + 1 });
    return [{ text: `đã đếm ${n + 1}` }];
  },
};

function instance(database: Database) {
  const config = testConfig();
  const handlers: Handler[] = [counter];
  const menu = createMenuHandler(() => handlers);
  handlers.push(...createHandlers({ db: database.db, config }), menu);
  return new Engine({ db: database.db, config, handlers, understanding: basicUnderstanding(), menu, dbKind: 'postgres' });
}

describe.skipIf(!onPostgres)('two instances on one PostgreSQL database', () => {
  it('quick messages of one user split between both instances: every dialog step counted once', async () => {
    const a = instance(first);
    const b = instance(second);
    await a.handle(textEvent('same-user', 'đếm'));
    const N = 30;
    // All at once, alternating instances, as a platform's burst spread by a load balancer would be.
    const results = await Promise.all(Array.from({ length: N }, (_, i) => (i % 2 ? b : a).handle(textEvent('same-user', `tin ${i}`))));
    expect(results.every((r) => !r.duplicate && r.replies.length === 1)).toBe(true);
    const session = await findSession(first.db, 'console', 'same-user');
    expect(session!.dialog).toMatchObject({ name: 'counter', state: { n: N } });
    // Each step saw a different count: no two turns read the same session.
    const counts = results.map((r) => r.replies[0]!.text.replace(/\D+/g, ''));
    expect(new Set(counts).size).toBe(N);
    // No lock is left behind.
    const locks = (await first.db.execute('select count(*)::int as n from turn_locks' as never)) as unknown as { rows: { n: number }[] };
    expect(locks.rows[0]!.n).toBe(0);
  });
});
