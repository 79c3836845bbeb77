// Accuracy thresholds of the understanding: on the shared development set when it is present
// (../shared/eval/qa-dev.jsonl), and always on questions written for this test (fresh-questions.jsonl).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { loadSampleCatalogIfEmpty } from '../../knowledge/catalog';
import { getKnowledge } from '../../knowledge/store';
import { evaluate, readQaFile, type QaReport } from '../../knowledge/eval';
import type { ProcedureIndex } from '../../knowledge/search';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEV_SET = path.resolve(here, '..', '..', '..', 'shared', 'eval', 'qa-dev.jsonl');
const FRESH_SET = path.join(here, 'fresh-questions.jsonl');
const TOP1_MIN = 0.95;
const INTENT_MIN = 0.9;

let database: TestDatabase;
let index: ProcedureIndex;
beforeAll(async () => {
  database = await openTestDatabase();
  await loadSampleCatalogIfEmpty(database.db);
  index = await getKnowledge(database.db);
});
afterAll(async () => {
  await database.close();
});

function assertThresholds(report: QaReport) {
  const detail = report.misses.map((m) => `${m.expected} → ${m.got}: ${m.text}`).join('\n');
  expect(report.overall.intentOk / report.overall.n, detail).toBeGreaterThanOrEqual(INTENT_MIN);
  for (const [style, t] of Object.entries(report.byStyle)) {
    if (!t.withCodes) continue;
    expect(t.top1 / t.withCodes, `top-1 of style ${style}\n${detail}`).toBeGreaterThanOrEqual(TOP1_MIN);
  }
  expect(report.outOfScopeAnswered, 'a message the commune does not handle got a procedure').toBe(0);
}

describe('understanding accuracy', () => {
  it('questions written for this test (never used for tuning)', () => {
    const items = readQaFile(FRESH_SET);
    expect(items.length).toBeGreaterThan(15);
    assertThresholds(evaluate(index, items));
  });

  it('the shared development set, when present: top-1 ≥ 95% in every style, no unknown answered', () => {
    const items = readQaFile(DEV_SET);
    if (!existsSync(DEV_SET)) {
      expect(items).toEqual([]);
      return;
    }
    expect(items.length).toBeGreaterThan(0);
    assertThresholds(evaluate(index, items));
  });
});
