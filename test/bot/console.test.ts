// Conversations through the console channel, as `npm run chat` runs them: lines in, JSON lines out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { runScript } from '../helpers/process';

// Each case starts a process on an embedded database: the first one creates it (initdb).
vi.setConfig({ testTimeout: 120_000 });

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-console-'));
// On PostgreSQL runs the chat processes get a fresh database of their own, like every test file.
let pg: TestDatabase | undefined;
beforeAll(async () => {
  if (process.env.DATABASE_URL) pg = await openTestDatabase();
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await pg?.close();
});

const chat = (lines: string[], user = 'console') =>
  runScript('bot/cli/chat.ts', ['--json', '--user', user], { env: { DATA_DIR: dataDir, DATABASE_URL: pg?.url }, input: lines.join('\n') + '\n', timeoutMs: 110_000 }).then((r) => {
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    return r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; buttons: { title: string; payload?: string }[] });
  });

describe('npm run chat --json', () => {
  it('greets, takes a numbered choice, and switches language', async () => {
    const user = `c-${Date.now()}`;
    const replies = await chat(['xin chào', '1', 'English'], user);
    expect(replies[0]!.text).toContain('Xin chào');
    expect(replies[0]!.buttons.length).toBeGreaterThan(1);
    expect(replies[0]!.buttons[0]).toHaveProperty('payload');
    expect(replies.at(-1)!.text).toContain('Switched to English');
  });

  it('answers a re-delivered event id once', async () => {
    const user = `d-${Date.now()}`;
    // Unique per run: on PostgreSQL the database outlives the run.
    const line = JSON.stringify({ id: `fixed-event-${user}`, text: 'xin chào' });
    const replies = await chat([line, line], user);
    expect(replies).toHaveLength(1);
  });

  it('keeps the session across a restart on the same database', async () => {
    const user = `r-${Date.now()}`;
    await chat(['English'], user);
    const replies = await chat(['hello'], user);
    expect(replies[0]!.text).toContain('Hello!');
  });
});

describe('start-up configuration errors', () => {
  it('a bad PORT stops the start with a message naming it', async () => {
    const r = await runScript('bot/main.ts', [], { env: { PORT: 'eighty', DATA_DIR: dataDir } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT');
  });

  it('a malformed DATABASE_URL stops the start with a message naming it', async () => {
    const r = await runScript('bot/main.ts', [], { env: { DATABASE_URL: 'mysql://nobody@somewhere', DATA_DIR: dataDir } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('postgres://');
  });
});
