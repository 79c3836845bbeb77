// Nothing lost between a webhook and its reply: the server is killed with SIGKILL right after it answered
// 200 to a burst of Telegram messages, then started again; every message is answered, and at most the few
// replies whose request was in flight at the kill are sent twice (no platform send we use takes an
// idempotency key: docs/channels.md). On files (PGlite DATA_DIR), or on PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../models/db';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { until } from '../helpers/wait';
import { startFakeTelegram, type FakeTelegram } from '../fakes';
import { MAX_CONCURRENT_TURNS } from '../../bot/channels/inbound';
import { freePort } from '../helpers/ports';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SECRET = 'crash_Secret-1';
const BURST = 150;
// Short leases so that the restarted instance on PostgreSQL (not alone on its database) takes back the
// dead one's claims quickly.
const LEASE_SECONDS = 2;
const LATENCY_MS = 150;
const RECORD_MS = 1_000;

let dataDir: string;
let pg: TestDatabase | undefined;
let fake: FakeTelegram;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'webhook-crash-'));
  // A slow network (150 ms per call): at the kill, replies are still being sent.
  fake = await startFakeTelegram({ latencyMs: LATENCY_MS });
});
afterAll(async () => {
  await fake.close();
  await pg?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer(env: Record<string, string>): { child: ChildProcess; exited: Promise<void>; output: () => string } {
  // node --import tsx (not the tsx launcher, which would leave the real process running after a SIGKILL).
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited, output: () => out };
}

const chatOf = (i: number) => String(8_100_000 + i);
let updateId = 900_000;
function update(i: number) {
  const id = ++updateId;
  const chat = { id: Number(chatOf(i)), type: 'private', first_name: 'Lan' };
  return { update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000), chat, from: { id: chat.id, is_bot: false, first_name: 'Lan' }, text: 'xin chào' } };
}

async function ready(port: number) {
  return fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
}

describe('kill -9 right after the 200s of a burst of webhooks', () => {
  it('after a restart every message is answered, duplicates only for sends in flight at the kill', { timeout: 180_000 }, async () => {
    let env: Record<string, string>;
    if (process.env.DATABASE_URL) {
      pg = await openTestDatabase();
      env = { DATABASE_URL: pg.url! };
    } else {
      const dir = path.join(dataDir, 'db');
      const database = await openDatabase({ dataDir: dir });
      await database.migrate();
      await database.close();
      env = { DATA_DIR: dir };
    }
    const port = await freePort();
    Object.assign(env, fake.env, {
      PORT: String(port), HOST: '127.0.0.1', TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://motcua.example.gov.vn',
      INBOUND_LEASE_SECONDS: String(LEASE_SECONDS), OUTBOUND_LEASE_SECONDS: String(LEASE_SECONDS), JOBS_ENABLED: 'false',
    });
    const first = startServer(env);
    await until(() => ready(port), { timeoutMs: 60_000, what: () => `the server to start: ${first.output()}` });

    const statuses = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        fetch(`http://127.0.0.1:${port}/webhooks/telegram`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
          body: JSON.stringify(update(i)),
        }).then((r) => r.status),
      ),
    );
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    await first.exited;
    // Requests that reached the platform but whose outcome was not yet recorded when it was killed: the
    // answer was still on its way (latency), or arrived but its row was not yet marked sent (allow 1 s).
    const inFlight = fake.requests.filter((r) => r.path.endsWith('/sendMessage') && r.at > killedAt - LATENCY_MS - RECORD_MS).length;
    expect(statuses).toEqual(Array(BURST).fill(200));
    const answeredBeforeKill = new Set(fake.delivered().map((d) => d.chatId)).size;

    // Started again (on PostgreSQL after the lease, as another instance would find the claims).
    if (pg) await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000 + 200));
    const second = startServer(env);
    try {
      await until(
        () => Array.from({ length: BURST }, (_, i) => fake.textsTo(chatOf(i)).length > 0).every(Boolean),
        { timeoutMs: 60_000, what: () => `every chat answered (answered: ${new Set(fake.delivered().map((d) => d.chatId)).size}/${BURST}): ${second.output()}` },
      );
      // Let any second copy arrive before counting.
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    const greetings = Array.from({ length: BURST }, (_, i) => fake.textsTo(chatOf(i)).filter((t) => t.includes('Xin chào')).length);
    const twice = greetings.filter((n) => n > 1).length;
    console.log(`webhook crash (${pg ? 'PostgreSQL' : 'PGlite'}): ${BURST} messages, ${answeredBeforeKill} answered before the kill, all answered after restart, ${twice} answered twice (${inFlight} sends in flight at the kill)`);
    expect(greetings.every((n) => n >= 1)).toBe(true);
    expect(twice).toBeLessThanOrEqual(Math.min(inFlight, MAX_CONCURRENT_TURNS));
  });
});
