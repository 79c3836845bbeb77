// The understanding over the sample catalog, for tests that analyse text without a conversation.
import { afterAll, beforeAll, expect } from 'vitest';
import { openTestDatabase, type TestDatabase } from './db';
import { loadSampleCatalogIfEmpty } from '../../knowledge/catalog';
import { getKnowledge } from '../../knowledge/store';
import { analyzeWith } from '../../knowledge/understand';
import type { ProcedureIndex } from '../../knowledge/search';

export interface SampleIndex {
  /** The index of the sample catalog. */
  readonly index: ProcedureIndex;
  /** Its database (the sample catalog loaded; not emptied between tests). */
  readonly database: TestDatabase;
  /** What the understanding makes of a message with no conversation before it. */
  analyze(text: string): ReturnType<typeof analyzeWith>;
}

/**
 * A test database with the sample catalog and its index, for one test file or describe block:
 * opened in beforeAll, closed in afterAll. Use the value inside tests and hooks.
 */
export function useSampleIndex(): SampleIndex {
  let database: TestDatabase | undefined;
  let index: ProcedureIndex | undefined;
  beforeAll(async () => {
    database = await openTestDatabase();
    await loadSampleCatalogIfEmpty(database.db);
    index = await getKnowledge(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('useSampleIndex(): the index is built in beforeAll; use it inside a test or hook');
    return v;
  };
  return {
    get index() {
      return ready(index);
    },
    get database() {
      return ready(database);
    },
    analyze: (text) => analyzeWith(ready(index), text, {}),
  };
}

/** The message is answered (not choices, not "em chưa rõ") with this procedure first. */
export function expectAnswer(sample: SampleIndex, text: string, code: string): void {
  const a = sample.analyze(text);
  expect(a.outcome, text).toBe('answer');
  expect(a.procedures[0]?.code, text).toBe(code);
}

/**
 * The message gets this procedure first, answered or as the first of "Ý anh/chị là:" (a close or
 * unsure match the thresholds leave to the citizen), never "em chưa rõ".
 */
export function expectOffered(sample: SampleIndex, text: string, code: string): void {
  const a = sample.analyze(text);
  expect(['answer', 'choices'], text).toContain(a.outcome);
  expect(a.procedures[0]?.code, text).toBe(code);
}
