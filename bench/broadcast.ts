// `npm run bench:broadcast`: a weekly publication to 100 000 subscribers through local fake platforms
// that enforce their real rate limits. Prints the achieved send rate per channel as a share of the
// allowed rate, how fast out-of-window subscribers are recorded as waiting, and the database cost
// per delivery. Options: --subscribers N (default 100000), --seconds S (send phase, default 30).
// Uses PGlite in memory, or PostgreSQL when DATABASE_URL is set.
import { sql } from 'drizzle-orm';
import { openDatabase } from '../models/db';
import { initI18n } from '../core/i18n';
import { createPublication, transitionPublication, startSending, publicationOutcome } from '../models/repos/publications';
import { DeliveryWorker } from '../bot/outbound/bulletins';
import { CHANNEL_POLICIES } from '../bot/outbound/policies';
import { startFakePlatform, fakePlatformSender } from '../test/publications/fake-platform';
import type { ChannelName } from '../core/types';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
if (process.argv.includes('--help')) {
  console.log('Usage: npm run bench:broadcast -- [--subscribers 100000] [--seconds 30]\nDATABASE_URL set = PostgreSQL, else PGlite in memory.');
  process.exit(0);
}
const N = arg('subscribers', 100_000);
const SECONDS = arg('seconds', 30);
// The platforms' published limits (docs/channels.md): Telegram ~30 msg/s bulk; Messenger 300 calls/s per
// Page. Zalo publishes none: the fake allows what our pacing assumes, so its share says little.
const ALLOWED: Record<'telegram' | 'messenger' | 'zalo', number> = { telegram: 30, messenger: 300, zalo: CHANNEL_POLICIES.zalo.pacing!.perSecond };
// Platform latency of one send call (Telegram/Graph/Zalo answer in tens of milliseconds from Vietnam).
const LATENCY_MS = 40;

await initI18n();
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 8 });
await database.migrate();
const { db } = database;
if (database.kind === 'postgres') {
  await db.execute(sql`truncate publication_deliveries, publication_events, publications, subscribers restart identity`);
  await db.execute(sql`delete from sessions where user_id like 'bench-%'`);
}

// Subscribers: 40 % Telegram, 30 % Messenger, 30 % Zalo. Last message: Messenger half inside 24 h;
// Zalo 40 % inside 48 h, 10 % between 48 h and 7 days, the rest older.
const t0 = performance.now();
const CHUNK = 5_000;
for (let start = 0; start < N; start += CHUNK) {
  const subs: string[] = [];
  const sess: string[] = [];
  for (let i = start; i < Math.min(N, start + CHUNK); i++) {
    const r = i % 10;
    const channel: ChannelName = r < 4 ? 'telegram' : r < 7 ? 'messenger' : 'zalo';
    const uid = `bench-${i}`;
    let ageH = 24 * 30;
    if (channel === 'messenger') ageH = i % 2 ? 2 : 30;
    if (channel === 'zalo') ageH = [1, 10, 40, 47, 100, 500, 700, 900, 1000, 2000][Math.floor(i / 10) % 10]!;
    subs.push(`('${channel}', '${uid}', 'command')`);
    sess.push(`('${channel}', '${uid}', now() - interval '${ageH} hours')`);
  }
  await db.execute(sql.raw(`insert into subscribers (channel, user_id, source) values ${subs.join(',')}`));
  await db.execute(sql.raw(`insert into sessions (channel, user_id, last_inbound_at) values ${sess.join(',')} on conflict do nothing`));
}
const seedMs = performance.now() - t0;

const p = await createPublication(db, {
  week: '2024-W24', periodStart: '2024-06-10', periodEnd: '2024-06-16', createdBy: 'bench',
  content: { week: '2024-W24', from: '2024-06-10', to: '2024-06-16', received: 0, resolved: { total: 0, early: 0, onTime: 0, late: 0 }, inProcess: { total: 0, onTime: 0, overdue: 0 }, ready: [] },
  texts: { vi: 'Bản tin tuần 2024-W24 (bench)', en: 'Bulletin 2024-W24 (bench)' },
});
await transitionPublication(db, p.id, 'submitted', 'bench');
await transitionPublication(db, p.id, 'approved', 'bench');
const e0 = performance.now();
const { enqueued } = await startSending(db, p.id, 'bench');
const enqueueMs = performance.now() - e0;
const again = await startSending(db, p.id, 'bench');

const fake = await startFakePlatform({ rates: ALLOWED, latencyMs: LATENCY_MS });
const stats = async () => {
  if (database.kind !== 'postgres') return undefined;
  const r = (await db.execute(sql`select xact_commit::bigint as x, tup_updated::bigint as u, tup_returned::bigint as rt, tup_fetched::bigint as f
    from pg_stat_database where datname = current_database()`)) as unknown as { rows: Record<string, string>[] };
  return r.rows[0];
};
const s0 = await stats();
// Quiet hours are a time-of-day rule; the bench measures throughput, so it runs without them.
const worker = new DeliveryWorker(db, fakePlatformSender(fake.url, ['telegram', 'messenger', 'zalo']), {
  exclusive: true,
  policies: { zalo: { ...CHANNEL_POLICIES.zalo, quietHours: undefined } },
});
const w0 = performance.now();
await worker.start();
await new Promise((r) => setTimeout(r, SECONDS * 1000));
await worker.stop();
const runMs = performance.now() - w0;
const s1 = await stats();
const outcome = await publicationOutcome(db, p.id);
await fake.close();

const processed = outcome.sent + outcome.waiting + outcome.failed + outcome.unsubscribed;
const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(`bench:broadcast — ${N} subscribers, database ${database.kind}, platform latency ${LATENCY_MS} ms, send phase ${SECONDS} s`);
console.log(`  seed ${fmt(seedMs / 1000)} s; enqueue ${enqueued} deliveries in ${fmt(enqueueMs)} ms (${fmt((enqueueMs * 1000) / enqueued, 1)} µs each); second run added ${again.enqueued}`);
for (const ch of ['telegram', 'messenger', 'zalo'] as const) {
  const ts = (fake.accepted.get(ch) ?? []).sort((a, b) => a - b);
  // Rate over the steady part: from the first accepted send to the end of the run.
  const span = ts.length > 1 ? (ts[ts.length - 1]! - ts[0]!) / 1000 : 0;
  const rate = span > 0 ? (ts.length - 1) / span : 0;
  const paced = CHANNEL_POLICIES[ch].pacing!.perSecond;
  console.log(
    `  ${ch.padEnd(9)} sent ${String(ts.length).padStart(6)}  achieved ${fmt(rate).padStart(6)}/s  allowed ${ALLOWED[ch]}/s  → ${fmt((100 * rate) / ALLOWED[ch])} % of allowed` +
      ` (${fmt((100 * rate) / paced)} % of our pacing ${paced}/s)`,
  );
}
console.log(`  429 answers from the fakes: ${fake.rejected429}`);
console.log(`  outcome after ${fmt(runMs / 1000)} s: sent ${outcome.sent}, waiting ${outcome.waiting}, pending ${outcome.pending}, sending ${outcome.sending}, failed ${outcome.failed}`);
console.log(
  `  database per processed delivery (${processed}): ${fmt(worker.stats.dbMs / processed, 3)} ms in repo calls, ` +
    `${fmt(worker.stats.dbCalls / processed, 3)} repo calls` +
    (s0 && s1
      ? `, ${fmt((Number(s1.x) - Number(s0.x)) / processed, 2)} commits, ${fmt((Number(s1.u) - Number(s0.u)) / processed, 2)} row updates`
      : ''),
);
console.log(
  '  repo calls: ' +
    Object.entries(worker.stats.byCall)
      .map(([k, v]) => `${k} ${v.n}× ${(v.ms / v.n).toFixed(2)} ms`)
      .join(', '),
);
// Time for the whole publication: each channel's remaining rows, of which the share that needed a
// request so far will need one, at the channel's pace.
const byState = (await db.execute(sql`select channel, state, count(*)::int as n from publication_deliveries
  where publication_id = ${p.id} group by channel, state`)) as unknown as { rows: { channel: ChannelName; state: string; n: number }[] };
const count = (ch: string, st: string) => Number(byState.rows.find((r) => r.channel === ch && r.state === st)?.n ?? 0);
const estimates = (['telegram', 'messenger', 'zalo'] as const).map((ch) => {
  const done = count(ch, 'sent') + count(ch, 'waiting');
  const share = done ? count(ch, 'sent') / done : 1;
  const toSend = count(ch, 'sent') + count(ch, 'pending') * share;
  return { ch, toSend: Math.round(toSend), min: toSend / CHANNEL_POLICIES[ch].pacing!.perSecond / 60 };
});
const slowest = estimates.sort((x, y) => y.min - x.min)[0]!;
console.log(
  `  whole publication: about ${fmt(slowest.min)} min, set by ${slowest.ch} (${slowest.toSend} in-window sends at ${CHANNEL_POLICIES[slowest.ch].pacing!.perSecond}/s); ` +
    estimates.slice(1).map((e) => `${e.ch} ${fmt(e.min)} min`).join(', '),
);
await database.close();
