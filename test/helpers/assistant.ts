// Builds the whole assistant on a test database, and runs conversations as scripts.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { parseConfig, type Config } from '../../core/config';
import { createAssistant, type Assistant } from '../../bot/app';
import type { ChannelName, InboundEvent, Reply } from '../../core/types';
import { openTestDatabase, type TestDatabase } from './db';
import { loadSampleCatalogIfEmpty } from '../../knowledge/catalog';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', ...overrides });
}

export interface TestAssistant extends Assistant {
  database: TestDatabase;
}

export async function startTestAssistant(overrides: Record<string, string> = {}, database?: TestDatabase): Promise<TestAssistant> {
  const db = database ?? (await openTestDatabase());
  const assistant = await createAssistant(testConfig(overrides), db);
  return assistant as TestAssistant;
}

export interface FixtureOptions {
  /** Settings over the test defaults (environment variable names). */
  env?: Record<string, string>;
  /** Listen on a free port; the URL is then `a.base`. */
  listen?: boolean;
  /** Start the background work (outbound worker, jobs). */
  background?: boolean;
  /** Load the sample catalog after emptying the tables before each test. */
  catalog?: boolean;
}

export type FixtureAssistant = TestAssistant & {
  /** http://127.0.0.1:PORT when started with `listen`. */
  readonly base: string;
};

/**
 * The assistant of one test file: built before the file's first test, its tables emptied before
 * each test, stopped and its database closed after the last. The value returned stands for the
 * assistant once it is started (use it inside tests and hooks, not at the top level).
 */
export function useTestAssistant(options: FixtureOptions = {}): FixtureAssistant {
  let current: TestAssistant | undefined;
  let base = '';
  beforeAll(async () => {
    current = await startTestAssistant(options.env);
    if (options.background) await current.startBackground();
    if (options.listen) base = `http://127.0.0.1:${(await current.listen(0)).port}`;
  });
  afterAll(async () => {
    await current?.stop();
    await current?.database.close();
  });
  beforeEach(async () => {
    await current!.database.reset();
    if (options.catalog) await loadSampleCatalogIfEmpty(current!.database.db);
  });
  return new Proxy({} as FixtureAssistant, {
    get(_, prop) {
      if (prop === 'base') return base;
      if (!current) throw new Error('useTestAssistant(): the assistant starts in beforeAll; use it inside a test or hook');
      const value = Reflect.get(current, prop);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

let seq = 0;
export function textEvent(userId: string, text: string, channel: ChannelName = 'console', id?: string): InboundEvent {
  return { id: id ?? `t-${Date.now()}-${++seq}`, channel, userId, kind: 'text', text, receivedAt: new Date() };
}

export function payloadEvent(userId: string, payload: string, channel: ChannelName = 'console'): InboundEvent {
  return { id: `t-${Date.now()}-${++seq}`, channel, userId, kind: 'postback', payload, receivedAt: new Date() };
}

/**
 * Runs a conversation: each line is sent in turn; returns the replies' texts of each turn.
 * A line starting with "@" is a payload ("@menu").
 */
export async function converse(assistant: Assistant, userId: string, lines: string[], channel: ChannelName = 'console') {
  const turns: { input: string; replies: Reply[]; text: string }[] = [];
  for (const line of lines) {
    const event = line.startsWith('@') ? payloadEvent(userId, line.slice(1), channel) : textEvent(userId, line, channel);
    const { replies } = await assistant.engine.handle(event);
    turns.push({ input: line, replies, text: replies.map((r) => r.text).join('\n') });
  }
  return turns;
}

/** The payloads of a turn's buttons, in order (link buttons left out). */
export const payloadsOf = (turn: { replies: Reply[] }): string[] =>
  turn.replies.flatMap((r) => r.buttons ?? []).flatMap((b) => ('payload' in b ? [b.payload] : []));
