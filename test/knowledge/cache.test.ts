// The cache of understanding (issue 17): bounded, least recently used out first, keyed with the
// context the analysis reads (last procedure, last list), and emptied when the index is rebuilt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { loadSampleCatalogIfEmpty } from '../../knowledge/catalog';
import { getKnowledge, refreshKnowledge } from '../../knowledge/store';
import { LruCache } from '../../knowledge/lru';
import { analysisCache, analyzeCached, analyzeWith, MEMORY_LAST_PROCEDURE } from '../../knowledge/understand';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
  await loadSampleCatalogIfEmpty(database.db);
});
afterAll(async () => {
  await database.close();
});

describe('LruCache', () => {
  it('keeps at most its capacity and drops the least recently used', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.size).toBe(2);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});

describe('the analysis cache', () => {
  it('gives the same analysis as analysing afresh, from the cache the second time', async () => {
    const index = await getKnowledge(database.db);
    const cache = analysisCache(index);
    const text = 'Đăng ký  KẾT HÔN cần gì';
    const first = analyzeCached(index, text, {});
    const hits = cache.hits;
    const second = analyzeCached(index, 'đăng ký kết hôn cần gì', {});
    expect(cache.hits).toBe(hits + 1);
    expect(second).toEqual(first);
    const { processed: _p, candidates: _c, evidence: _e, asked: _a, ...fresh } = analyzeWith(index, text, {});
    expect(second).toEqual(fresh);
    // A caller changing its copy does not change the cached one.
    second.procedures[0]!.code = 'x';
    expect(analyzeCached(index, text, {}).procedures[0]!.code).toBe(first.procedures[0]!.code);
  });

  it('keys a follow-up with the procedure it follows', async () => {
    const index = await getKnowledge(database.db);
    const afterMarriage = analyzeCached(index, 'lệ phí bao nhiêu', { [MEMORY_LAST_PROCEDURE]: '1.000894' });
    const afterBirth = analyzeCached(index, 'lệ phí bao nhiêu', { [MEMORY_LAST_PROCEDURE]: '1.001193' });
    expect(afterMarriage.procedures[0]!.code).toBe('1.000894');
    expect(afterBirth.procedures[0]!.code).toBe('1.001193');
  });

  it('starts empty when the catalog changes (a new index)', async () => {
    const before = await getKnowledge(database.db);
    analyzeCached(before, 'đăng ký khai sinh', {});
    expect(analysisCache(before).size).toBeGreaterThan(0);
    await refreshKnowledge(database.db);
    const after = await getKnowledge(database.db);
    expect(after).not.toBe(before);
    expect(analysisCache(after).size).toBe(0);
  });
});
