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

// A key asked with values to fill in ('{{name}}') is looked up once too, its text kept split at its
// placeholders and filled in here: i18next's translate() for each such call was 18 % of the bytes a
// procedure's answer allocated and 4 % of a turn's CPU (issue 17, sampling heap profile). Only plain
// placeholders and plain values take this way; a plural (count), a context, a default, a list of keys,
// nesting ('$t(…)'), formats ('{{x, number}}') or an object value go through i18next as before
// (test/core/i18n.test.ts compares both ways on every key of the locales).
const I18NEXT_OPTIONS = new Set([
  'count', 'context', 'defaultValue', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'interpolation',
  'lng', 'lngs', 'fallbackLng', 'ns', 'keySeparator', 'nsSeparator', 'replace', 'ordinal', 'skipInterpolation', 'defaultValue_other',
]);
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
/** A text cut at its placeholders (texts[i] before names[i]); null when i18next must fill it in. */
type Template = { texts: string[]; names: string[]; raw: string[] } | null;

function compile(text: unknown): Template {
  if (typeof text !== 'string' || text.includes('$t(')) return null;
  const template = { texts: [] as string[], names: [] as string[], raw: [] as string[] };
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    template.texts.push(text.slice(at, m.index));
    template.names.push(m[1]!);
    template.raw.push(m[0]);
    at = m.index + m[0].length;
  }
  template.texts.push(text.slice(at));
  // Anything left that looks like a placeholder ('{{- x}}', '{{x, number}}', '{{a.b}}') is i18next's.
  return template.texts.some((p) => p.includes('{{')) ? null : template;
}

/** The values as i18next would write them, or null when they are not all plain strings and numbers. */
function plainValues(options: unknown): Record<string, string | number> | null {
  if (!options || typeof options !== 'object' || Array.isArray(options)) return null;
  for (const [k, v] of Object.entries(options)) {
    if (I18NEXT_OPTIONS.has(k) || (typeof v !== 'string' && typeof v !== 'number')) return null;
  }
  return options as Record<string, string | number>;
}

function fill({ texts, names, raw }: NonNullable<Template>, values: Record<string, string | number>): string {
  let out = texts[0]!;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    // i18next leaves the placeholder of a value not given as it is.
    out += (Object.hasOwn(values, name) ? String(values[name]) : raw[i]!) + texts[i + 1]!;
  }
  return out;
}

/** A translator fixed to one language; keys may name a namespace ('dossiers:ask_code'). */
export function translator(lang: Lang): TFunction {
  // Before initI18n() has finished i18next answers with the key itself: nothing is kept then.
  if (!i18next.isInitialized) return i18next.getFixedT(lang);
  let t = translators.get(lang);
  if (!t) {
    const fixed = i18next.getFixedT(lang);
    const plain = new Map<string, unknown>();
    const templates = new Map<string, Template>();
    const call = fixed as unknown as (...args: unknown[]) => unknown;
    t = Object.assign((key: unknown, ...rest: unknown[]) => {
      if (typeof key !== 'string') return call(key, ...rest);
      if (rest.length) {
        const values = rest.length === 1 ? plainValues(rest[0]) : null;
        if (!values) return call(key, ...rest);
        let template = templates.get(key);
        if (template === undefined) {
          // The text as i18next finds it (fallback language included), before filling in.
          template = compile(call(key, { skipInterpolation: true }));
          if (templates.size < MAX_KEPT_TEXTS) templates.set(key, template);
        }
        return template ? fill(template, values) : call(key, ...rest);
      }
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
