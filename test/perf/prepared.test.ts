// Prepared statements of the turn path (models/prepared.ts): parameters and arrays go in as they are,
// rows come back parsed as through drizzle, a failure leaves the statement usable, and each run is one
// statement; on PGlite and on PostgreSQL alike.
import { expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { sql } from 'drizzle-orm';
import { ASYNC_COMMIT, runPrepared, type Prepared } from '../../models/prepared';

const d = useTestDatabase({ reset: false });

const ECHO: Prepared = {
  name: 'test_echo',
  text: `select v.t, v.n, v.j, $3::text as single from unnest($1::text[], $2::int[], $4::jsonb[]) with ordinality as v (t, n, j, i) order by v.i`,
};
const DIVIDE: Prepared = { name: 'test_divide', text: 'select 10 / $1::int as q' };

it('passes text, numbers, nulls and arrays as they are, and parses the rows', async () => {
  const texts = ['a"b', 'c\\d', 'NULL', null, '{x,y}', 'Đăng ký khai sinh 📄', '', ' spaced ', 'new\nline'];
  const numbers = texts.map((_, i) => (i === 2 ? null : i - 3));
  const json = texts.map((_, i) => (i === 1 ? null : JSON.stringify({ k: `v"${i}\\`, list: [i] })));
  for (let run = 0; run < 3; run++) {
    const rows = await runPrepared<{ t: string | null; n: number | null; j: unknown; single: string | null }>(d.db, ECHO, [texts, numbers, run === 1 ? null : 'một', json]);
    expect(rows.map((r) => r.t)).toEqual(texts);
    expect(rows.map((r) => r.n)).toEqual(numbers);
    expect(rows.map((r) => r.j)).toEqual(json.map((j) => (j === null ? null : JSON.parse(j))));
    expect(rows[0]!.single).toBe(run === 1 ? null : 'một');
  }
  expect(await runPrepared(d.db, ECHO, [[], [], 'x', []])).toEqual([]);
});

it('counts one statement a run, its first (prepared) run too', async () => {
  const before = d.statementCount();
  await runPrepared(d.db, { name: 'test_count', text: 'select $1::int as n' }, [1]);
  await runPrepared(d.db, { name: 'test_count', text: 'select $1::int as n' }, [2]);
  expect(d.statementCount() - before).toBe(2);
});

it('throws the database error and runs again afterwards, a first run that failed too', async () => {
  await expect(runPrepared(d.db, DIVIDE, [0])).rejects.toThrow(/division by zero/);
  expect(await runPrepared(d.db, DIVIDE, [5])).toEqual([{ q: 2 }]);
  await expect(runPrepared(d.db, DIVIDE, [0])).rejects.toThrow(/division by zero/);
  expect(await runPrepared(d.db, DIVIDE, [2])).toEqual([{ q: 5 }]);
  const broken: Prepared = { name: 'test_broken', text: 'selec 1' };
  await expect(runPrepared(d.db, broken, [])).rejects.toThrow(/syntax/);
  await expect(runPrepared(d.db, broken, [])).rejects.toThrow(/syntax/);
  // Other statements are not disturbed.
  expect(await runPrepared(d.db, DIVIDE, [1])).toEqual([{ q: 10 }]);
});

it('commits a turn start asynchronously for its own transaction only', async () => {
  const ASYNC: Prepared = { name: 'test_async', text: `select current_setting('synchronous_commit') as inside from unnest($1::int[]) as v (n) cross join ${ASYNC_COMMIT}` };
  // Several at once, so that on PostgreSQL they spread over the pool's connections.
  const runs = await Promise.all(Array.from({ length: 8 }, () => runPrepared<{ inside: string }>(d.db, ASYNC, [[1, 2]])));
  expect(runs.flat().map((r) => r.inside)).toEqual(Array(16).fill('off'));
  const after = await Promise.all(
    Array.from({ length: 8 }, async () => ((await d.db.execute(sql`show synchronous_commit`)) as unknown as { rows: { synchronous_commit: string }[] }).rows[0]!.synchronous_commit),
  );
  expect(after).toEqual(Array(8).fill('on'));
});
