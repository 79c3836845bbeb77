// i18next with one namespace per JSON file under locales/<lang>/ (common.json → 'common').
// Vietnamese is the default language; English second.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';
import type { Lang } from './types';

export const LANGS: readonly Lang[] = ['vi', 'en'];
const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'locales');

let ready: Promise<void> | undefined;

function loadResources() {
  const resources: Record<string, Record<string, unknown>> = {};
  const namespaces = new Set<string>();
  for (const lang of LANGS) {
    resources[lang] = {};
    const dir = path.join(LOCALES_DIR, lang);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json')) continue;
      const ns = file.slice(0, -5);
      namespaces.add(ns);
      resources[lang]![ns] = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    }
  }
  return { resources, namespaces: [...namespaces] };
}

export function initI18n(): Promise<void> {
  ready ??= (async () => {
    const { resources, namespaces } = loadResources();
    await i18next.init({
      resources: resources as never,
      lng: 'vi',
      fallbackLng: 'vi',
      supportedLngs: [...LANGS],
      ns: namespaces,
      defaultNS: 'common',
      // Replies are plain text rendered by each channel, never HTML.
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    } as never);
  })();
  return ready;
}

// One translator per language, made once: each turn asks for one, and the replies' fixed texts (button
// titles, headings) are the same for every citizen. A key asked with nothing to fill in is looked up
// once and kept: i18next's own lookup, repeated 30-60 times a turn, was 9-12 % of a turn's CPU
// (issue 17, bench:profile). The locales are files read at start and never changed while running.
const translators = new Map<Lang, TFunction>();
const MAX_KEPT_TEXTS = 5000;

/** A translator fixed to one language; keys may name a namespace ('dossiers:ask_code'). */
export function translator(lang: Lang): TFunction {
  // Before initI18n() has finished i18next answers with the key itself: nothing is kept then.
  if (!i18next.isInitialized) return i18next.getFixedT(lang);
  let t = translators.get(lang);
  if (!t) {
    const fixed = i18next.getFixedT(lang);
    const plain = new Map<string, unknown>();
    const call = fixed as unknown as (...args: unknown[]) => unknown;
    t = Object.assign((key: unknown, ...rest: unknown[]) => {
      if (rest.length || typeof key !== 'string') return call(key, ...rest);
      let text = plain.get(key);
      if (text === undefined) {
        text = call(key);
        // The keys are the code's own: a few hundred. A bound all the same, should one be built from input.
        if (plain.size < MAX_KEPT_TEXTS) plain.set(key, text);
      }
      return text;
    }, fixed) as unknown as TFunction;
    translators.set(lang, t);
  }
  return t;
}
