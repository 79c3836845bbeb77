// `npm run bench:webhooks`: signed events per second through each platform webhook (Zalo, Messenger,
// Telegram) until the reply reaches the local fake platform, with p50/p99, and in the same run the web
// chat route as the reference. First with pacing lifted (what this process can carry), then with the
// production pacing (what the platforms' limits let out). Runs in a high-priority scheduling group of its
// own (bench/lib/process.ts ownSchedulingGroup); each row says the load average at its end.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import { parseConfig } from '../core/config';
import { createAssistant, type Assistant } from '../bot/app';
import { CHANNEL_PACING } from '../core/pacing';
import { logger } from '../core/logger';
import { openDatabase } from '../models/db';
import { seedDatabase } from '../models/seed';
import { machineLoad, ownSchedulingGroup } from './lib/process';
import { startFakeMessenger, startFakeTelegram, startFakeZalo, signMessenger, signZalo, type FakeServer } from '../test/fakes';

const HELP = `Usage: npm run bench:webhooks [-- --events N --concurrency C --paced-events M]

  --events N         events per route, pacing lifted (default 400)
  --concurrency C    requests in flight at once (default 16)
  --paced-events M   events per platform with production pacing (default 120; 0 = skip)
Database: in-memory PGlite, or the PostgreSQL server in DATABASE_URL (use a scratch database).`;

const QUESTIONS = ['xin chào', 'làm giấy khai sinh cần gì', 'chứng thực 5 trang hết bao nhiêu', 'menu', 'đăng ký kết hôn', 'tra cứu hồ sơ'];
// Pacing wide open: measures this process, not the platforms' caps.
// A reply slower than this counts as failed.
const REPLY_TIMEOUT_MS = 60_000;
const UNLIMITED = { perSecond: 1e6, burst: 1e6, perChatPerSecond: 1e6, perChatBurst: 1e6 };

interface Row { route: string; mode: string; events: number; perSecond: number; p50: number; p99: number; failed: number; load?: string }

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>, tick: () => void) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        await work(i);
        tick();
      }
    }),
  );
}

interface Target {
  route: string;
  fake?: FakeServer;
  /** The user id of event i, and how to find that user's first reply at the fake. */
  user(i: number): string;
  replyUser?(r: FakeServer['requests'][number]): string | undefined;
  post(i: number, user: string): Promise<number>;
}

/**
 * Each of `concurrency` senders posts an event and waits for its reply to reach the fake platform before
 * posting the next one (as a user waits for the answer): replies/s and the time from POST to reply.
 */
async function run(target: Target, mode: string, n: number, concurrency: number, a: Assistant, bar?: cliProgress.SingleBar): Promise<Row> {
  const waiting = new Map<string, () => void>();
  const off = target.fake?.onRequest((r) => {
    const u = target.replyUser!(r);
    const done = u !== undefined ? waiting.get(u) : undefined;
    if (done) {
      waiting.delete(u!);
      done();
    }
  });
  const latencies: number[] = [];
  let failed = 0;
  bar?.start(n, 0, { route: `${target.route} (${mode})` });
  const started = performance.now();
  await pool(
    n,
    concurrency,
    async (i) => {
      const user = target.user(i);
      const t0 = performance.now();
      // Reply timeout: a reply that never comes counts as failed instead of hanging the run.
      const replied = target.fake
        ? new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), REPLY_TIMEOUT_MS);
            waiting.set(user, () => {
              clearTimeout(timer);
              resolve(true);
            });
          })
        : Promise.resolve(true);
      const status = await target.post(i, user);
      const ok = status === 200 && (await replied);
      if (ok) latencies.push(performance.now() - t0);
      else failed++;
    },
    () => bar?.increment(),
  );
  const elapsed = performance.now() - started;
  off?.();
  await a.platforms.idle();
  bar?.stop();
  latencies.sort((x, y) => x - y);
  return {
    route: target.route,
    mode,
    events: n,
    perSecond: Math.round((latencies.length / elapsed) * 1000),
    p50: Math.round(pct(latencies, 50)),
    p99: Math.round(pct(latencies, 99)),
    failed,
  };
}

async function main() {
  const { values } = parseArgs({
    options: { events: { type: 'string' }, concurrency: { type: 'string' }, 'paced-events': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  // Per-turn info logs would measure the terminal, not the pipeline.
  logger.level = 'silent';
  const n = Number(values.events ?? 400);
  const concurrency = Number(values.concurrency ?? 16);
  const pacedN = Number(values['paced-events'] ?? 120);
  const [zalo, messenger, telegram] = await Promise.all([startFakeZalo(), startFakeMessenger(), startFakeTelegram()]);
  const tgSecret = 'bench_secret';
  const config = parseConfig({
    NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', LOG_LEVEL: 'silent',
    ...zalo.env, ...messenger.env, ...telegram.env, TELEGRAM_WEBHOOK_SECRET: tgSecret, WEBCHAT_IP_RATE_PER_MINUTE: '1000000',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL });
  await database.migrate();
  await seedDatabase(database.db);
  const a = await createAssistant(config, database);
  const { port } = await a.listen(0);
  const url = `http://127.0.0.1:${port}`;
  const run_id = Date.now().toString(36);
  const q = (i: number) => QUESTIONS[i % QUESTIONS.length]!;
  const postJson = async (path: string, raw: string, headers: Record<string, string>) => {
    const res = await fetch(url + path, { method: 'POST', body: raw, headers: { 'Content-Type': 'application/json', ...headers } });
    await res.arrayBuffer();
    return res.status;
  };

  let round = 0;
  const targets = (): Target[] => {
    const r = `${run_id}${++round}`;
    return [
      {
        route: 'POST /webhooks/zalo',
        fake: zalo,
        // Zalo ids: 19-digit strings.
        user: (i) => `36627295993${String(round).padStart(2, '0')}${String(i).padStart(6, '0')}`,
        replyUser: (req) => (req.path.endsWith('/message/cs') ? (req.body.recipient as { user_id?: string })?.user_id : undefined),
        post: (i, user) => {
          const raw = JSON.stringify({
            app_id: zalo.appId, event_name: 'user_send_text', timestamp: String(Date.now()),
            sender: { id: user }, recipient: { id: '1032900368621203429' }, message: { text: q(i), msg_id: `${r}-${i}` },
          });
          return postJson('/webhooks/zalo', raw, { 'X-ZEvent-Signature': signZalo(raw, zalo.appId, zalo.oaSecretKey) });
        },
      },
      {
        route: 'POST /webhooks/messenger',
        fake: messenger,
        user: (i) => `${r}psid${i}`,
        replyUser: (req) => (req.path.endsWith('/messages') ? (req.body.recipient as { id?: string })?.id : undefined),
        post: (i, user) => {
          const raw = JSON.stringify({ object: 'page', entry: [{ id: '1', time: Date.now(), messaging: [{ sender: { id: user }, recipient: { id: '1' }, timestamp: Date.now(), message: { mid: `m.${r}.${i}`, text: q(i) } }] }] })
            .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
          return postJson('/webhooks/messenger', raw, { 'X-Hub-Signature-256': signMessenger(raw, messenger.appSecret) });
        },
      },
      {
        route: 'POST /webhooks/telegram',
        fake: telegram,
        user: (i) => String(round * 1_000_000 + i + 1),
        replyUser: (req) => (req.path.endsWith('/sendMessage') ? String(req.body.chat_id) : undefined),
        post: (i, user) => {
          const id = round * 1_000_000 + i;
          const raw = JSON.stringify({ update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: Number(user), type: 'private', first_name: 'B' }, from: { id: Number(user), is_bot: false, first_name: 'B' }, text: q(i) } });
          return postJson('/webhooks/telegram', raw, { 'X-Telegram-Bot-Api-Secret-Token': tgSecret });
        },
      },
      {
        route: 'POST /api/webchat/messages (reference)',
        user: (i) => `${r}web${i}`,
        post: (i, user) => postJson('/api/webchat/messages', JSON.stringify({ userId: a.web.identities.sign(user), text: q(i) }), {}),
      },
    ];
  };

  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar({ format: '{route} [{bar}] {value}/{total}', clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : undefined;
  const rows: Row[] = [];
  // Warm-up: first requests compile routes and fill caches.
  for (const t of targets()) await run(t, 'warm-up', 20, 4, a);
  for (const ch of ['zalo', 'messenger', 'telegram'] as const) a.outbox.setPacing(ch, UNLIMITED);
  const withLoad = (r: Row): Row => ({ ...r, load: machineLoad() });
  for (const t of targets()) rows.push(withLoad(await run(t, 'pacing lifted', n, concurrency, a, bar)));
  if (pacedN > 0) {
    for (const ch of ['zalo', 'messenger', 'telegram'] as const) a.outbox.setPacing(ch, CHANNEL_PACING[ch]);
    for (const t of targets().filter((x) => x.fake)) rows.push(withLoad(await run(t, 'production pacing', pacedN, concurrency, a, bar)));
  }

  console.log(`\nPOST → engine → reply at the fake platform; ${concurrency} senders each waiting for their reply (${database.kind}, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z)`);
  console.log('route                                   | mode              | events | replies/s | p50 ms | p99 ms | failed | load at the end');
  for (const r of rows) {
    console.log(
      `${r.route.padEnd(39)} | ${r.mode.padEnd(17)} | ${String(r.events).padStart(6)} | ${String(r.perSecond).padStart(9)} | ${String(r.p50).padStart(6)} | ${String(r.p99).padStart(6)} | ${String(r.failed).padStart(6)} | ${r.load ?? ''}`,
    );
  }
  const p = CHANNEL_PACING;
  console.log(`Production pacing: zalo ${p.zalo.perSecond}/s, messenger ${p.messenger.perSecond}/s, telegram ${p.telegram.perSecond}/s overall (bench/webhooks.ts, bot/pacing.ts).`);
  await a.stop();
  await database.close();
  await Promise.all([zalo.close(), messenger.close(), telegram.close()]);
}

await ownSchedulingGroup();
await main();
