// Every namespace exists in Vietnamese and English with the same keys and the same placeholders,
// so a user never sees a raw key or a missing value after switching language.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', 'locales');
const namespaces = (lang: string) => readdirSync(path.join(root, lang)).filter((f) => f.endsWith('.json')).sort();
const load = (lang: string, ns: string) => JSON.parse(readFileSync(path.join(root, lang, ns), 'utf8')) as Record<string, unknown>;

/** Flattened 'a.b.c' → string value. */
function flatten(o: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, JSON.stringify(v));
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!).sort();
// i18next plural forms: Vietnamese has only "_other", English "_one" and "_other".
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('locales', () => {
  it('vi and en have the same namespaces', () => {
    expect(namespaces('en')).toEqual(namespaces('vi'));
    expect(namespaces('vi').length).toBeGreaterThanOrEqual(8);
  });

  for (const ns of namespaces('vi')) {
    it(`${ns}: same keys and the same placeholders in vi and en`, () => {
      const vi = flatten(load('vi', ns));
      const en = flatten(load('en', ns));
      expect([...new Set([...en.keys()].map(base))].sort()).toEqual([...new Set([...vi.keys()].map(base))].sort());
      const byBase = (m: Map<string, string>) => {
        const out = new Map<string, string[]>();
        for (const [k, v] of m) out.set(base(k), [...new Set([...(out.get(base(k)) ?? []), ...placeholders(v)])].sort());
        return out;
      };
      const viPh = byBase(vi);
      const enPh = byBase(en);
      for (const [k, ph] of viPh) expect(enPh.get(k), `${ns} ${k}`).toEqual(ph);
    });
  }
});
