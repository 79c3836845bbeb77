// Crash safety: a process sending a publication is killed with SIGKILL half-way, started again, and
// the publication is finished with nobody skipped and nobody receiving it twice. Run on a database
// in files (PGlite DATA_DIR), or on PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../models/db';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { until } from '../helpers/wait';
import { initI18n } from '../../core/i18n';
import { subscribers } from '../../models/schema/subscriptions';
import { publicationOutcome, getPublication } from '../../models/repos/publications';
import { approvedBulletin } from '../helpers/factories';
import { startFakePlatform, type FakePlatform } from './fake-platform';
import { startFakeTelegram, type FakeTelegram } from '../fakes';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SUBSCRIBERS = 150;
// The worker keeps at most this many Telegram requests in flight (the Telegram policy's bulk concurrency, bot/channels/telegram/policy.ts).
const IN_FLIGHT_MAX = 8;

let dataDir: string;
let pg: TestDatabase | undefined;

beforeAll(async () => {
  await initI18n();
  dataDir = mkdtempSync(path.join(tmpdir(), 'pub-crash-'));
});
afterAll(async () => {
  await pg?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh store with SUBSCRIBERS Telegram subscribers and one approved publication; returns its id. */
async function prepare(sub: string): Promise<{ id: number; env: Record<string, string> }> {
  let database: Database;
  let env: Record<string, string>;
  if (process.env.DATABASE_URL) {
    await pg?.close();
    pg = await openTestDatabase();
    database = pg;
    env = { DATABASE_URL: pg.url! };
  } else {
    const dir = path.join(dataDir, sub);
    database = await openDatabase({ dataDir: dir });
    await database.migrate();
    env = { DATA_DIR: dir };
  }
  const { db } = database;
  await db.insert(subscribers).values(Array.from({ length: SUBSCRIBERS }, (_, i) => ({ channel: 'telegram', userId: String(1000 + i), source: 'command' as const })));
  const p = await approvedBulletin(db, { received: 1 });
  if (!pg) await database.close();
  return { id: p.id, env };
}

function run(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  // node --import tsx, not the tsx launcher: the launcher runs the script in a second process that
  // a SIGKILL of the launcher would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  return { child, done };
}

async function outcomeOf(env: Record<string, string>, id: number) {
  const database = pg ?? (await openDatabase({ dataDir: env.DATA_DIR }));
  const outcome = await publicationOutcome(database.db, id);
  const state = (await getPublication(database.db, id))?.state;
  if (!pg) await database.close();
  return { outcome, state };
}

describe('crash safety of a publication send', () => {
  it('killed mid-send and restarted: everybody gets it exactly once (platform with an idempotency key)', async () => {
    const fake: FakePlatform = await startFakePlatform({ latencyMs: 5 });
    try {
      const { id, env } = await prepare('idempotent');
      const childEnv = { ...env, FAKE_URL: fake.url };
      const first = run(['test/publications/crash-child.ts', String(id)], childEnv);
      await until(() => fake.received.size >= SUBSCRIBERS / 3, { timeoutMs: 60_000, everyMs: 5, what: 'a third of the sends' });
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.code).toBeNull(); // really killed, not finished
      const before = fake.received.size;
      expect(before).toBeLessThan(SUBSCRIBERS);

      const second = await run(['test/publications/crash-child.ts', String(id)], childEnv).done;
      expect(second.code, second.err).toBe(0);
      // Nobody skipped, nobody got it twice.
      expect(fake.received.size).toBe(SUBSCRIBERS);
      for (const [who, got] of fake.received) expect(got, who).toHaveLength(1);
      // Only the requests in flight at the kill were repeated (and the platform deduplicated them).
      expect(fake.requests - SUBSCRIBERS).toBeLessThanOrEqual(IN_FLIGHT_MAX);
      const { outcome, state } = await outcomeOf(env, id);
      expect(outcome).toMatchObject({ sent: SUBSCRIBERS, pending: 0, sending: 0, failed: 0 });
      expect(state).toBe('sent');
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('the real command on Telegram (no idempotency key): killed and restarted, nobody skipped, repeats only for requests in flight', async () => {
    const tg: FakeTelegram = await startFakeTelegram();
    try {
      const { id, env } = await prepare('telegram');
      const childEnv = { ...env, ...tg.env, PUBLICATION_LEASE_SECONDS: '4' };
      const sends = () => tg.delivered().length;
      const first = run(['bot/cli/publications-send.ts', String(id)], childEnv);
      // Telegram is paced at 30/s: 150 subscribers take about 5 s, so this kills it mid-way.
      await until(() => sends() >= SUBSCRIBERS / 3, { timeoutMs: 60_000, everyMs: 5, what: 'a third of the sends' });
      first.child.kill('SIGKILL');
      expect((await first.done).code).toBeNull();
      expect(sends()).toBeLessThan(SUBSCRIBERS);

      const second = await run(['bot/cli/publications-send.ts', String(id)], childEnv).done;
      expect(second.code, second.err).toBe(0);
      expect(second.out).toMatch(new RegExp(`đã gửi ${SUBSCRIBERS}, chờ 0, lỗi 0, đã huỷ đăng ký 0`));
      const perChat = new Map<string, number>();
      for (const d of tg.delivered()) perChat.set(d.chatId, (perChat.get(d.chatId) ?? 0) + 1);
      expect(perChat.size).toBe(SUBSCRIBERS); // nobody skipped
      const repeated = [...perChat.values()].filter((n) => n > 1).length;
      // Without a platform idempotency key, a request in flight at the kill may be repeated (at-least-once).
      expect(repeated).toBeLessThanOrEqual(IN_FLIGHT_MAX);
      expect(Math.max(...perChat.values())).toBeLessThanOrEqual(2);
      const { outcome, state } = await outcomeOf(env, id);
      expect(outcome).toMatchObject({ sent: SUBSCRIBERS, pending: 0, sending: 0 });
      expect(state).toBe('sent');
    } finally {
      await tg.close();
    }
  }, 120_000);
});
