// Every feedback text exists in Vietnamese and English, and every key the code uses exists.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const load = (lang: string) => JSON.parse(readFileSync(path.join(root, 'locales', lang, 'feedback.json'), 'utf8'));
function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('feedback locales', () => {
  it('vi and en have the same keys and the same placeholders', () => {
    const vi = load('vi');
    const en = load('en');
    expect(keys(en).sort()).toEqual(keys(vi).sort());
    const at = (o: Record<string, unknown>, k: string) => k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o) as string;
    for (const k of keys(vi)) {
      const ph = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(ph(at(en, k)), k).toEqual(ph(at(vi, k)));
    }
  });

  it('every literal feedback key used in the code exists', () => {
    const vi = keys(load('vi'));
    const files = [
      ...readdirSync(path.join(root, 'handlers', 'feedback')).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, 'handlers', 'feedback', f)),
      path.join(root, 'admin', 'pages', 'inbox.ts'),
      path.join(root, 'admin', 'views', 'inbox.eta'),
      path.join(root, 'admin', 'views', 'inbox-detail.eta'),
    ];
    const used = new Set<string>();
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/'feedback:([\w.]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(50);
    for (const k of used) {
      // 'feedback:states.' + status: a prefix of a group of keys.
      if (k.endsWith('.')) expect(vi.some((x) => x.startsWith(k)), k).toBe(true);
      else expect(vi, k).toContain(k);
    }
  });
});
