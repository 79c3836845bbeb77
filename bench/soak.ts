// `npm run bench:soak`: the assistant as `npm start` runs it (PGlite under a fresh DATA_DIR), fed at a
// steady rate across the web chat and the three webhooks (signed as the platforms sign them; their send
// APIs are the local fakes of test/fakes), for a long time. Every minute it samples the server's
// resident memory, the p99 of the time from POST to reply (at the fake platform, or the web chat's HTTP
// answer), the errors and the database size, and how much CPU the server got (and waited for); at the end it
// prints the table and writes a PNG chart. It runs in a scheduling group of its own with a high priority
// (bench/lib/process.ts ownSchedulingGroup: nice -12, or the lower nice it was started with, as
// `nice -n -15 npm run bench:soak`) over other sessions' work on a shared machine.
// Issue 17: RSS must not grow after the first 5 minutes, p99 must not drift, no error may appear.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { inOwnSchedulingGroup, ownSchedulingGroup, ROOT, rssMb, schedStat, startServer, type SchedStat } from './lib/process';
import { WebIdentities } from '../bot/channels/web/identity';
import { startFakeMessenger, startFakeTelegram, startFakeZalo, signMessenger, signZalo, type FakeServer } from '../test/fakes';

const HELP = `Usage: npm run bench:soak [-- --minutes 30 --rate 20 --out docs/soak]

  --minutes M   duration (default 30)
  --rate R      messages per second, spread evenly over web chat, Zalo, Messenger, Telegram (default 20)
  --out P       chart and table written to P.png and P.md (default docs/soak)

It moves itself into a scheduling group of its own with nice -12 (or the lower nice it was started with,
BENCH_NICE to choose; negative ones need root), since under Linux autogroup a plain nice does not count
against other sessions. The columns CPU % and wait % say how much of one core the server's main thread
used, and how long it was ready to run but waited for a CPU: a minute with a large wait measures the
machine, not the assistant.`;

// A short conversation each simulated citizen repeats: greeting, questions, a fee, a number picked, the menu.
const SCRIPT = ['xin chào', 'làm giấy khai sinh cần gì', 'chứng thực 5 trang hết bao nhiêu', '1', 'đăng ký kết hôn', 'menu', 'tra cứu hồ sơ', 'cảm ơn'];
// Citizens per route: each writes again every USERS / (rate / 4) seconds, so sessions are reused.
const USERS_PER_ROUTE = 300;
// A reply slower than this is an error (it never came).
const REPLY_TIMEOUT_MS = 30_000;
const SAMPLE_MS = 60_000;
// A minute in which the server's main thread waited for a CPU longer than this share of the time was
// starved by other work on the machine: the verdict says so.
const STARVED_WAIT_PCT = 25;
const TG_SECRET = 'soak_secret';
// The server signs web chat identities with this key; the soak signs its citizens' ids alike.
const WEB_SECRET = 'soak-webchat-secret-0123456789abcdef';
const identities = new WebIdentities(WEB_SECRET);

const { values } = parseArgs({ options: { minutes: { type: 'string' }, rate: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
await ownSchedulingGroup();
const minutes = Number(values.minutes ?? 30);
const rate = Number(values.rate ?? 20);
const out = path.resolve(ROOT, values.out ?? 'docs/soak');

interface Sample {
  minute: number;
  sent: number;
  rssMb: number;
  p50: number;
  p99: number;
  errors: number;
  dbMb: number;
  /** Share of one core the server's main thread ran, and the share of the minute it waited for a CPU. */
  cpuPct: number;
  waitPct: number;
}

function dirMb(dir: string): number {
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else bytes += statSync(p).size;
    }
  };
  walk(dir);
  return bytes / 1048576;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const [zalo, messenger, telegram] = await Promise.all([startFakeZalo(), startFakeMessenger(), startFakeTelegram()]);
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-soak-'));
let serverErrors = 0;
const server = await startServer(
  {
    DATA_DIR: dataDir,
    WEBCHAT_RATE_PER_MINUTE: '1000000',
    WEBCHAT_IP_RATE_PER_MINUTE: '1000000',
    WEBCHAT_SECRET: WEB_SECRET,
    LOG_LEVEL: 'warn',
    // Telegram by webhook (setWebhook goes to the fake), as in production.
    PUBLIC_URL: 'http://127.0.0.1:9',
    TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
    ...zalo.env,
    ...messenger.env,
    ...telegram.env,
  },
  [],
  {
    // The server's own errors count too: every log line at error level or above.
    onLine: (line) => {
      let level = 0;
      try {
        level = (JSON.parse(line) as { level?: number }).level ?? 0;
      } catch {
        // not a log line
      }
      if (level >= 50) {
        serverErrors++;
        console.error(line);
      }
    },
  },
);
const url = server.base;

// Replies are matched to their message by user: each user has at most one message waiting (the next
// message of a user is sent long after the previous one was answered).
const waiting = new Map<string, (ok: boolean) => void>();
const reached = (user: string | undefined) => {
  const done = user !== undefined ? waiting.get(user) : undefined;
  if (done) {
    waiting.delete(user!);
    done(true);
  }
};
const offs = [
  zalo.onRequest((r) => reached(r.path.endsWith('/message/cs') ? (r.body.recipient as { user_id?: string })?.user_id : undefined)),
  messenger.onRequest((r) => reached(r.path.endsWith('/messages') ? (r.body.recipient as { id?: string })?.id : undefined)),
  telegram.onRequest((r) => reached(r.path.endsWith('/sendMessage') ? String(r.body.chat_id) : undefined)),
];

async function postJson(p: string, raw: string, headers: Record<string, string> = {}): Promise<number> {
  // The same limit as for replies at the fakes: an answer later than that is an error, not a latency.
  const res = await fetch(url + p, { method: 'POST', body: raw, headers: { 'Content-Type': 'application/json', ...headers }, signal: AbortSignal.timeout(REPLY_TIMEOUT_MS) });
  await res.arrayBuffer();
  return res.status;
}

let seq = 0;
/** Sends message n (route n % 4) and resolves with its time to reply, or null on an error. */
async function send(n: number): Promise<number | null> {
  const route = n % 4;
  const k = Math.floor(n / 4);
  const u = k % USERS_PER_ROUTE;
  const text = SCRIPT[Math.floor(k / USERS_PER_ROUTE) % SCRIPT.length]!;
  const id = ++seq;
  const t0 = performance.now();
  const viaFake = (user: string, post: () => Promise<number>) =>
    new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(user);
        resolve(null);
      }, REPLY_TIMEOUT_MS);
      waiting.set(user, (ok) => {
        clearTimeout(timer);
        resolve(ok ? performance.now() - t0 : null);
      });
      post().then(
        (status) => {
          if (status !== 200) waiting.get(user)?.(false);
        },
        () => waiting.get(user)?.(false),
      );
    });
  try {
    if (route === 0) {
      const status = await postJson('/api/webchat/messages', JSON.stringify({ userId: identities.sign(`soak-web-${u}`), text }));
      return status === 200 ? performance.now() - t0 : null;
    }
    if (route === 1) {
      // Zalo ids: 19-digit strings.
      const user = `3662729599300${String(u).padStart(6, '0')}`;
      const raw = JSON.stringify({
        app_id: zalo.appId, event_name: 'user_send_text', timestamp: String(Date.now()),
        sender: { id: user }, recipient: { id: '1032900368621203429' }, message: { text, msg_id: `soak-${id}` },
      });
      return await viaFake(user, () => postJson('/webhooks/zalo', raw, { 'X-ZEvent-Signature': signZalo(raw, zalo.appId, zalo.oaSecretKey) }));
    }
    if (route === 2) {
      const user = `soakpsid${u}`;
      // Meta escapes non-ASCII in the body it signs.
      const raw = JSON.stringify({ object: 'page', entry: [{ id: '1', time: Date.now(), messaging: [{ sender: { id: user }, recipient: { id: '1' }, timestamp: Date.now(), message: { mid: `m.soak.${id}`, text } }] }] })
        .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
      return await viaFake(user, () => postJson('/webhooks/messenger', raw, { 'X-Hub-Signature-256': signMessenger(raw, messenger.appSecret) }));
    }
    const chat = 700_000 + u;
    const raw = JSON.stringify({ update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: 'S' }, from: { id: chat, is_bot: false, first_name: 'S' }, text } });
    return await viaFake(String(chat), () => postJson('/webhooks/telegram', raw, { 'X-Telegram-Bot-Api-Secret-Token': TG_SECRET }));
  } catch {
    return null;
  }
}

const samples: Sample[] = [];
const fakes: FakeServer[] = [zalo, messenger, telegram];
console.log(`Soak: ${rate} messages/s for ${minutes} min across web chat, Zalo, Messenger, Telegram (PGlite, ${url}); a row per minute.`);
console.log('minute  sent  RSS MB  p50 ms  p99 ms  errors  DB MB  CPU %  wait %');
const started = performance.now();
const total = Math.round(minutes * 60 * rate);
let latencies: number[] = [];
let errors = 0;
// Errors per route over the whole run: web chat, Zalo, Messenger, Telegram.
const routeErrors = [0, 0, 0, 0];
let sentThisMinute = 0;
const inFlight = new Set<Promise<void>>();
let nextSample = started + SAMPLE_MS;

let lastSched: { at: number; stat: SchedStat | null } = { at: performance.now(), stat: schedStat(server.child.pid!) };
function sample() {
  latencies.sort((a, b) => a - b);
  const errs = errors + serverErrors;
  const sched = { at: performance.now(), stat: schedStat(server.child.pid!) };
  const span = sched.at - lastSched.at;
  const share = (f: (s: SchedStat) => number) => (sched.stat && lastSched.stat ? (100 * (f(sched.stat) - f(lastSched.stat))) / span : NaN);
  const cpuPct = share((s) => s.cpuMs);
  const waitPct = share((s) => s.waitMs);
  lastSched = sched;
  const s: Sample = {
    minute: samples.length + 1,
    sent: sentThisMinute,
    rssMb: rssMb(server.child.pid!),
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    errors: errs,
    dbMb: dirMb(path.join(dataDir, 'pglite')),
    cpuPct,
    waitPct,
  };
  samples.push(s);
  console.log(
    `${String(s.minute).padStart(6)} ${String(s.sent).padStart(5)} ${s.rssMb.toFixed(0).padStart(7)} ${s.p50.toFixed(0).padStart(7)} ${s.p99.toFixed(0).padStart(7)} ${String(s.errors).padStart(7)} ${s.dbMb.toFixed(1).padStart(6)} ${s.cpuPct.toFixed(0).padStart(6)} ${s.waitPct.toFixed(0).padStart(7)}`,
  );
  latencies = [];
  errors = 0;
  serverErrors = 0;
  sentThisMinute = 0;
  // The fakes keep every request; only the listeners above need them.
  for (const f of fakes) f.clear();
}

// Open loop: message n leaves at started + n / rate, whatever the replies do (a slow server shows as
// latency, not as a lower rate).
for (let n = 0; n < total; n++) {
  const due = started + (n / rate) * 1000;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (performance.now() >= nextSample) {
    sample();
    nextSample += SAMPLE_MS;
  }
  sentThisMinute++;
  const p: Promise<void> = send(n).then((ms) => {
    if (ms === null) {
      errors++;
      routeErrors[n % 4]!++;
    }
    else latencies.push(ms);
    inFlight.delete(p);
  });
  inFlight.add(p);
}
await Promise.all([...inFlight]);
sample();

await server.stop();
for (const off of offs) off();
await Promise.all(fakes.map((f) => f.close()));
rmSync(dataDir, { recursive: true, force: true });

// Verdict (issue 17): RSS after minute 5 does not grow, p99 does not drift, no errors.
const after5 = samples.filter((s) => s.minute > 5 && s.minute <= minutes);
const first = after5[0];
const last = after5.at(-1);
const totalErrors = samples.reduce((a, s) => a + s.errors, 0);
const starved = samples.filter((s) => s.waitPct > STARVED_WAIT_PCT);
const cpus = samples.map((s) => s.cpuPct).filter(Number.isFinite);
const verdict = [
  first && last ? `RSS from minute 6 to ${last.minute}: ${first.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB (max ${Math.max(...after5.map((s) => s.rssMb)).toFixed(0)})` : 'too short to judge RSS (≤ 5 min)',
  first && last ? `p99 from minute 6 to ${last.minute}: ${first.p99.toFixed(0)} → ${last.p99.toFixed(0)} ms (max ${Math.max(...after5.map((s) => s.p99)).toFixed(0)})` : '',
  `errors: ${totalErrors} (web chat ${routeErrors[0]}, Zalo ${routeErrors[1]}, Messenger ${routeErrors[2]}, Telegram ${routeErrors[3]}; server error logs ${totalErrors - routeErrors.reduce((a, b) => a + b, 0)})`,
  cpus.length ? `server main thread: ${Math.min(...cpus).toFixed(0)}–${Math.max(...cpus).toFixed(0)} % of one core` : 'server CPU not measured (no /proc/<pid>/schedstat)',
  starved.length
    ? `STARVED: in minute(s) ${starved.map((s) => s.minute).join(', ')} the server waited for a CPU more than ${STARVED_WAIT_PCT} % of the time (max ${Math.max(...starved.map((s) => s.waitPct)).toFixed(0)} %): other work on the machine, not the assistant, set those figures`
    : '',
].filter(Boolean);
for (const v of verdict) console.log(v);

mkdirSync(path.dirname(out), { recursive: true });
const table = [
  `Soak: ${rate} messages/s for ${minutes} min across web chat, Zalo, Messenger and Telegram (PGlite; \`npm run bench:soak\`, ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, nice ${os.getPriority()}${inOwnSchedulingGroup() ? ' in a scheduling group of its own' : ''}).`,
  '',
  '| minute | sent | RSS MB | p50 ms | p99 ms | errors | DB MB | CPU % | wait % |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...samples.map((s) => `| ${s.minute} | ${s.sent} | ${s.rssMb.toFixed(0)} | ${s.p50.toFixed(0)} | ${s.p99.toFixed(0)} | ${s.errors} | ${s.dbMb.toFixed(1)} | ${s.cpuPct.toFixed(0)} | ${s.waitPct.toFixed(0)} |`),
  '',
  'CPU %: share of one core the server\'s main thread (JavaScript and PGlite) ran; wait %: share of the minute it was ready to run and waited for a CPU.',
  '',
  ...verdict.map((v) => `- ${v}`),
  '',
].join('\n');
writeFileSync(`${out}.md`, table);
const svg = chart(samples, `${rate} msg/s for ${minutes} min: RSS, p99, database size`);
writeFileSync(`${out}.svg`, svg);
renderPng(`${out}.svg`, `${out}.png`);
rmSync(`${out}.svg`, { force: true });
console.log(`Wrote ${path.relative(ROOT, out)}.md and ${path.relative(ROOT, out)}.png`);

/** Three stacked line charts (RSS, p99, DB size) over the minutes, as SVG with no dependency. */
function chart(rows: Sample[], title: string): string {
  const W = 900;
  const H = 220;
  const left = 70;
  const right = 20;
  const series: { label: string; unit: string; color: string; value: (s: Sample) => number }[] = [
    { label: 'Resident memory', unit: 'MB', color: '#1f77b4', value: (s) => s.rssMb },
    { label: 'p99 time to reply', unit: 'ms', color: '#d62728', value: (s) => s.p99 },
    { label: 'Database size', unit: 'MB', color: '#2ca02c', value: (s) => s.dbMb },
  ];
  const n = Math.max(rows.length, 2);
  const x = (i: number) => left + (i / (n - 1)) * (W - left - right);
  const parts: string[] = [];
  series.forEach((se, k) => {
    const top = 40 + k * H;
    const vals = rows.map(se.value).filter(Number.isFinite);
    const max = niceMax(Math.max(1, ...vals));
    const y = (v: number) => top + H - 40 - (v / max) * (H - 60);
    parts.push(`<text x="${left}" y="${top + 10}" font-size="14" font-weight="bold">${se.label} (${se.unit})</text>`);
    for (let g = 0; g <= 4; g++) {
      const v = (max * g) / 4;
      parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
      parts.push(`<text x="${left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${round(v)}</text>`);
    }
    rows.forEach((s, i) => {
      if (i % Math.ceil(n / 15) === 0 || i === rows.length - 1) parts.push(`<text x="${x(i)}" y="${top + H - 22}" font-size="11" text-anchor="middle">${s.minute}</text>`);
    });
    const pts = rows.map((s, i) => `${x(i).toFixed(1)},${y(se.value(s)).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${se.color}" stroke-width="2" points="${pts}"/>`);
    rows.forEach((s, i) => parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(se.value(s)).toFixed(1)}" r="2.5" fill="${se.color}"/>`));
  });
  const height = 40 + series.length * H + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="24" font-size="16" text-anchor="middle">${title} (x: minute)</text>
${parts.join('\n')}
</svg>`;
}

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v * 1.1) return m * p;
  return 10 * p;
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** SVG → PNG with headless Chromium (CHROMIUM or /usr/bin/chromium). */
function renderPng(svgFile: string, pngFile: string): void {
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const height = Number(/height="(\d+)"/.exec(readFileSync(svgFile, 'utf8'))?.[1] ?? 700);
  execFileSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${pngFile}`, `--window-size=900,${height}`, `file://${svgFile}`], { stdio: 'ignore', timeout: 60_000 });
}
