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

/** A translator fixed to one language; keys may name a namespace ('dossiers:ask_code'). */
export function translator(lang: Lang): TFunction {
  return i18next.getFixedT(lang);
}
