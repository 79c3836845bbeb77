// The memo of the catalog's phrasings (knowledge/phrase-memo.ts, issue 17: a restart builds the index from
// it): the index built through it is the index built without it, its key follows every data file's content
// and the code, and a memo saved under another key is never used.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useSampleIndex } from '../helpers/knowledge';
import { procedures } from '../../models/schema/procedures';
import { ProcedureIndex } from '../../knowledge/search';
import { TextPipeline } from '../../knowledge/text';
import { analyzeWith } from '../../knowledge/understand';
import { filesHash, MEMO_DATA_DIR, memoKey, PhraseMemo } from '../../knowledge/phrase-memo';
import { getKnowledge, lastBuildMemo, refreshKnowledge, setKnowledgeCacheDir } from '../../knowledge/store';

const sample = useSampleIndex();
const temp: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'phrase-memo-'));
  temp.push(d);
  return d;
};
afterAll(() => {
  setKnowledgeCacheDir(undefined);
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const MESSAGES = ['làm giấy khai sinh cần gì', 'dang ky ket hon het bao nhieu', 'bố em mất rồi giờ làm giấy gì', 'chứng thực bản sao', 'xin giấy xác nhận độc thân'];

/** What the understanding makes of some messages with this index (the parts a citizen sees). */
const answers = (index: ProcedureIndex) =>
  MESSAGES.map((m) => {
    const a = analyzeWith(index, m, {});
    return { intent: a.intent, procedures: a.procedures.map((p) => p.code), confidence: a.confidence };
  });

describe('the memo of the catalog phrasings', () => {
  it('builds the same index as reading every phrasing afresh, from a memo saved and loaded', async () => {
    const rows = await sample.database.db.select().from(procedures);
    const plain = new ProcedureIndex(rows, TextPipeline.fromFiles());
    const dir = tempDir();
    const key = memoKey();
    const first = new PhraseMemo(key);
    const pipeline1 = TextPipeline.fromFiles();
    const built = first.during(pipeline1, () => new ProcedureIndex(rows, pipeline1));
    expect(first.computed).toBeGreaterThan(100);
    // Each phrasing is read four times by the build: once now, three times from the memo.
    expect(first.reused).toBeGreaterThan(first.computed);
    expect(first.save(dir, built.used)).toBe(true);

    const loaded = PhraseMemo.load(dir, key);
    expect(loaded.size).toBe(first.computed);
    const pipeline2 = TextPipeline.fromFiles();
    const fromDisk = loaded.during(pipeline2, () => new ProcedureIndex(rows, pipeline2)).result;
    expect(loaded.computed).toBe(0);
    for (const index of [built.result, fromDisk]) {
      expect([...index.vocabulary].sort()).toEqual([...plain.vocabulary].sort());
      expect(new Map([...index.termsOf].map(([c, s]) => [c, [...s].sort()]))).toEqual(new Map([...plain.termsOf].map(([c, s]) => [c, [...s].sort()])));
      expect(answers(index)).toEqual(answers(plain));
    }
    // Messages (read with repair) never go through the memo: the pipeline is itself again after the build.
    expect(Object.prototype.hasOwnProperty.call(pipeline2, 'process')).toBe(false);
  });

  it('keys the memo with every data file: a change of content, even keeping size and time, a new file', () => {
    const data = tempDir();
    cpSync(MEMO_DATA_DIR, data, { recursive: true });
    const key = memoKey([data]);
    expect(memoKey([data])).toBe(key);
    const file = path.join(data, 'situations', 'vi.txt');
    const text = readFileSync(file, 'utf8');
    const { atime, mtime } = statSync(file);
    // One letter changed for another: same size; the time of change put back.
    const changed = text.replace('a', 'b');
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    utimesSync(file, atime, mtime);
    expect(memoKey([data])).not.toBe(key);
    writeFileSync(file, text);
    expect(memoKey([data])).toBe(key);
    writeFileSync(path.join(data, 'synonyms', 'extra.txt'), 'hk = hộ khẩu\n');
    expect(memoKey([data])).not.toBe(key);
    // What the server keeps under data/ with the default DATA_DIR (./data) is no data of the pipeline.
    for (const dir of ['pglite', 'cache', 'backups']) mkdirSync(path.join(data, dir), { recursive: true });
    writeFileSync(path.join(data, 'pglite', 'PG_VERSION'), '17');
    writeFileSync(path.join(data, 'cache', 'understanding-phrases.bin'), 'memo');
    writeFileSync(path.join(data, 'backups', 'motcua-2026-11-30.backup.gz'), 'backup');
    const withRuntime = memoKey([data]);
    writeFileSync(path.join(data, 'cache', 'understanding-phrases.bin'), 'another memo');
    writeFileSync(path.join(data, 'backups', 'motcua-2026-12-01.backup.gz'), 'backup');
    expect(memoKey([data])).toBe(withRuntime);
    // The shipped data is what the default key hashes.
    expect(filesHash([MEMO_DATA_DIR])).toBe(filesHash([MEMO_DATA_DIR]));
  });

  it('finds nothing in a memo saved under another key (the data or the code changed)', async () => {
    const rows = await sample.database.db.select().from(procedures);
    const dir = tempDir();
    const data = tempDir();
    cpSync(MEMO_DATA_DIR, data, { recursive: true });
    const before = memoKey([data]);
    const memo = new PhraseMemo(before);
    const pipeline = TextPipeline.fromFiles();
    memo.save(dir, memo.during(pipeline, () => new ProcedureIndex(rows, pipeline)).used);
    writeFileSync(path.join(data, 'synonyms', 'vi.txt'), `${readFileSync(path.join(data, 'synonyms', 'vi.txt'), 'utf8')}\nkhai tử = khai tu\n`);
    const after = memoKey([data]);
    expect(after).not.toBe(before);
    expect(PhraseMemo.load(dir, before).size).toBe(memo.size);
    expect(PhraseMemo.load(dir, after).size).toBe(0);
    // A damaged file is no memo either.
    writeFileSync(path.join(dir, 'understanding-phrases.bin'), 'not a memo');
    expect(PhraseMemo.load(dir, before).size).toBe(0);
  });

  it('hands out frozen readings: a build that changed one would change every later build', async () => {
    const rows = await sample.database.db.select().from(procedures);
    const memo = new PhraseMemo('test');
    const pipeline = TextPipeline.fromFiles();
    memo.during(pipeline, () => new ProcedureIndex(rows, pipeline));
    const name = rows.find((r) => r.active)!.name;
    const reading = memo.during(pipeline, () => pipeline.process(name, { repair: false })).result;
    expect(Object.isFrozen(reading.terms)).toBe(true);
    expect(() => (reading.terms as string[]).push('x')).toThrow(TypeError);
  });

  it('is kept in the folder the server names, and read from it by the next build', async () => {
    const dir = tempDir();
    setKnowledgeCacheDir(dir);
    await refreshKnowledge(sample.database.db);
    await getKnowledge(sample.database.db);
    expect(existsSync(path.join(dir, 'understanding-phrases.bin'))).toBe(true);
    expect(PhraseMemo.load(dir, memoKey()).size).toBeGreaterThan(100);
    await refreshKnowledge(sample.database.db);
    expect(lastBuildMemo()).toEqual({ computed: 0, reused: expect.any(Number) });
    expect(answers(await getKnowledge(sample.database.db))).toEqual(answers(sample.index));
  });
});
