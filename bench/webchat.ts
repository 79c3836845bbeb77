// `npm run bench:webchat`: the web chat route under load on PGlite and on PostgreSQL, beside a bare
// express route answering the same JSON in the same run (before and after the assistant's runs, so a change
// of the machine's load shows); cold start to /readyz; resident memory. Runs in a high-priority scheduling
// group of its own (bench/lib/process.ts ownSchedulingGroup), with the servers it starts; every figure is
// printed with the load average at its end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import pg from 'pg';
import { machineLoad, ownSchedulingGroup, prioritisePostgresBackends, rssMb, startServer } from './lib/process';
import { WebIdentities } from '../bot/channels/web/identity';

// Load shape: 10 connections for 10 s is what a busy commune page plus a few platforms produce.
const CONNECTIONS = 10;
const DURATION_S = 10;
const QUESTIONS = ['xin chào', 'làm giấy khai sinh cần gì', 'chung thuc 5 trang het bao nhieu', 'menu', 'English', 'Tiếng Việt'];

interface Figures {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The machine's load average when the run ended. */
  load: string;
}

async function load(label: string, url: string, body: (i: number) => string): Promise<Figures> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body(i++) }) }],
  });
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    load: machineLoad(),
  };
}

// The server signs web chat identities with this key; the bench signs its 500 citizens' ids alike.
const SECRET = 'bench-webchat-secret-0123456789abcdef';
const identities = new WebIdentities(SECRET);
const chatBody = (i: number) => JSON.stringify({ userId: identities.sign(`bench-${i % 500}`), text: QUESTIONS[i % QUESTIONS.length] });

async function bare(label: string): Promise<Figures> {
  const app = express();
  app.use(express.json());
  const reply = { replies: [{ text: 'Xin chào anh/chị! Em là trợ lý ảo của Bộ phận Một cửa.', buttons: [{ title: 'Hỏi thủ tục', payload: 'procedures:hint' }] }] };
  app.post('/api/webchat/messages', (_req, res) => {
    res.json(reply);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const f = await load(label, `http://127.0.0.1:${port}/api/webchat/messages`, chatBody);
  server.close();
  return f;
}

async function assistant(label: string, env: Record<string, string>) {
  const server = await startServer({ ...env, WEBCHAT_RATE_PER_MINUTE: '1000000', WEBCHAT_IP_RATE_PER_MINUTE: '1000000', WEBCHAT_SECRET: SECRET, JOBS_ENABLED: 'false' });
  // Let start-up work settle before reading idle memory.
  await new Promise((r) => setTimeout(r, 1000));
  const idle = rssMb(server.child.pid!);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.child.pid!))), 200);
  // Warm-up (JIT, caches), then the measured run.
  await autocannon({ url: `${server.base}/api/webchat/messages`, connections: 2, amount: 200, method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(0) });
  const f = await load(label, `${server.base}/api/webchat/messages`, chatBody);
  clearInterval(sampler);
  const cold = server.coldStartMs;
  await server.stop();
  return { figures: f, coldStartMs: cold, idleMb: idle, loadMb: peak };
}

async function postgresUrl(): Promise<string | undefined> {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = 'bench_webchat';
  try {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    return u.toString();
  } catch (e) {
    console.log(`PostgreSQL not reachable (${(e as Error).message}); skipping the PostgreSQL run.`);
    return undefined;
  }
}

await ownSchedulingGroup();
const rows: Figures[] = [];
const extra: string[] = [];
const before = await bare('bare express route (first)');
rows.push(before);

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-webchat-'));
try {
  const lite = await assistant('assistant on PGlite', { DATA_DIR: dataDir });
  rows.push(lite.figures);
  extra.push(`PGlite: cold start to /readyz ${lite.coldStartMs.toFixed(0)} ms (first start, migrations and seeding included); RSS idle ${lite.idleMb.toFixed(0)} MB, under load ${lite.loadMb.toFixed(0)} MB`);
  const warm = await assistant('assistant on PGlite (restart)', { DATA_DIR: dataDir });
  rows.push(warm.figures);
  extra.push(`PGlite: cold start to /readyz on an existing database ${warm.coldStartMs.toFixed(0)} ms`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const url = await postgresUrl();
if (url) {
  // The server's backends for this run get the bench's priority (each is a scheduling group of its own).
  const backends = await prioritisePostgresBackends(url);
  const pgRun = await assistant('assistant on PostgreSQL', { DATABASE_URL: url });
  await backends.stop();
  rows.push(pgRun.figures);
  extra.push(`PostgreSQL: cold start to /readyz ${pgRun.coldStartMs.toFixed(0)} ms; RSS idle ${pgRun.idleMb.toFixed(0)} MB, under load ${pgRun.loadMb.toFixed(0)} MB; ${backends.boosted()} backends given the bench's priority`);
}

const after = await bare('bare express route (last)');
rows.push(after);
// The share is of the bare route's mean rate over its two runs, which bracket the assistant's.
const refRps = (before.rps + after.rps) / 2;

console.log(`\nPOST /api/webchat/messages, ${CONNECTIONS} connections, ${DURATION_S} s each; ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}`);
console.log('route                               req/s   p50 ms  p99 ms  errors  share of bare   load at the end');
for (const r of rows) {
  console.log(
    `${r.label.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(7)} ${String(r.errors).padStart(7)}  ${((r.rps / refRps) * 100).toFixed(1).padStart(6)} %   ${r.load}`,
  );
}
for (const l of extra) console.log(l);
