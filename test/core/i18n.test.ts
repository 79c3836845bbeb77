// The translator fills plain placeholders itself (core/i18n.ts): on every key of the locales, in both
// languages, it must write what i18next writes, values given, missing or odd.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n, LANGS, translator } from '../../core/i18n';

const root = path.resolve(__dirname, '..', '..', 'locales');

/** Every key of a namespace file, 'ns:a.b.c', with its text. */
function keys(lang: string): [string, string][] {
  const out: [string, string][] = [];
  for (const file of readdirSync(path.join(root, lang)).filter((f) => f.endsWith('.json'))) {
    const ns = file.slice(0, -5);
    const walk = (o: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
        else if (typeof v === 'string') out.push([`${ns}:${prefix}${k}`, v]);
      }
    };
    walk(JSON.parse(readFileSync(path.join(root, lang, file), 'utf8')) as Record<string, unknown>, '');
  }
  return out;
}

const names = (text: string) => [...new Set([...text.matchAll(/\{\{\s*([\w.-]+)/g)].map((m) => m[1]!))];

describe('translator', () => {
  beforeAll(() => initI18n());

  for (const lang of LANGS) {
    it(`${lang}: writes what i18next writes for every key`, () => {
      const t = translator(lang) as unknown as (key: string, values?: unknown) => unknown;
      const reference = i18next.getFixedT(lang) as unknown as (key: string, values?: unknown) => unknown;
      const all = keys(lang);
      expect(all.length).toBeGreaterThan(100);
      let filled = 0;
      for (const [key, text] of all) {
        const ph = names(text);
        const cases: Record<string, unknown>[] = [
          Object.fromEntries(ph.map((n, i) => [n, `‹${n} {{x}} $t(y) ${i}›`])),
          Object.fromEntries(ph.map((n, i) => [n, i * 1000 + 0.5])),
          Object.fromEntries(ph.slice(1).map((n) => [n, 'v'])),
          { ...Object.fromEntries(ph.map((n) => [n, 'w'])), extra: 'e' },
          { count: 2, ...Object.fromEntries(ph.map((n) => [n, 'c'])) },
        ];
        for (const values of cases) {
          // Twice: the first call keeps the text, the second fills the kept one.
          expect(t(key, values), `${lang} ${key} ${JSON.stringify(values)}`).toBe(reference(key, values));
          expect(t(key, values), `${lang} ${key} ${JSON.stringify(values)} (kept)`).toBe(reference(key, values));
        }
        if (ph.length) filled++;
      }
      expect(filled).toBeGreaterThan(50);
      expect(t('common:no_such_key', { a: 'b' })).toBe(reference('common:no_such_key', { a: 'b' }));
    });
  }
});
