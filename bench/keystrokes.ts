// `npm run bench:keystrokes [-- --split a|b|all] [--plain 0.2] [--misses]`: a mechanical measure of the Telex/VNI
// decoder (knowledge/telex.ts). Every message typed WITH marks in the tuning sets is turned into
// Telex and into VNI keystrokes the way people type them without an input method, decoded with
// the project's decoder, and scored on:
// - words: the share of words decoded back exactly (a word left plain must stay as typed);
// - understanding: how often the converted message gets the same intent and first procedure as
//   the original one.
// The conversion is seeded per message, so every run types the same keystrokes. The frozen set is
// never read.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../models/db';
import { loadSampleCatalogIfEmpty } from '../knowledge/catalog';
import { getKnowledge } from '../knowledge/store';
import { readQaFile, split } from '../knowledge/eval';
import { analyzeWith } from '../knowledge/understand';
import { decodeKeystrokes } from '../knowledge/telex';
import { canonicalTones } from '../knowledge/normalize';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The tuning sets only (eval-fresh7 is frozen: never read here). */
const SETS = ['eval-tuning', 'eval-fresh', 'eval-fresh2', 'eval-fresh3', 'eval-fresh4', 'eval-fresh5', 'eval-fresh6'];
/** Share of words a hurried typist leaves without any mark (`--plain 0` isolates the decoder). */
const DEFAULT_PLAIN_SHARE = '0.2';
/** Share of words whose tone key is typed right after the vowel instead of at the end of the word. */
const TONE_AFTER_VOWEL_SHARE = 0.3;
/** Share of "ươ" typed with one "w" ("uow" / "u7o" forms) instead of two. */
const ONE_HORN_SHARE = 0.4;

const { values } = parseArgs({ options: { split: { type: 'string', default: 'all' }, misses: { type: 'boolean', default: false }, plain: { type: 'string', default: DEFAULT_PLAIN_SHARE } } });
const PLAIN_SHARE = Number(values.plain);

/** A small seeded generator (mulberry32), so the keystrokes are the same on every run. */
function rng(seedText: string): () => number {
  let a = 0;
  for (const ch of seedText) a = (Math.imul(a, 31) + ch.charCodeAt(0)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TONES: Record<string, number> = { '\u0301': 1, '\u0300': 2, '\u0309': 3, '\u0303': 4, '\u0323': 5 };
const TELEX_TONE = ['', 's', 'f', 'r', 'x', 'j'];
const SHAPES: Record<string, [string, string, string]> = {
  // letter: [base, telex suffix, vni digit]
  â: ['a', 'a', '6'], ê: ['e', 'e', '6'], ô: ['o', 'o', '6'], ă: ['a', 'w', '8'], ơ: ['o', 'w', '7'], ư: ['u', 'w', '7'], đ: ['d', 'd', '9'],
};
/** A word, with the VNI digits typed inside it. */
const WORD = /\p{L}[\p{L}\d]*/gu;
const MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

/** One word typed as keystrokes (`vni` digits or Telex letters), or null when it has no mark. */
function toKeys(word: string, vni: boolean, r: () => number): string | null {
  const nfd = word.normalize('NFD');
  let tone = 0;
  let toneAt = -1; // index in `letters` of the vowel carrying the tone
  const letters: string[] = [];
  for (const ch of nfd) {
    if (ch in TONES) {
      tone = TONES[ch]!;
      toneAt = letters.length - 1;
    } else if (/[\u0302\u0306\u031b]/.test(ch)) letters[letters.length - 1] = (letters[letters.length - 1]! + ch).normalize('NFC');
    else letters.push(ch);
  }
  if (!tone && !letters.some((l) => l.toLowerCase() in SHAPES)) return null;
  const horns = letters.filter((l) => /[ơư]/i.test(l)).length;
  const oneHorn = horns === 2 && r() < ONE_HORN_SHARE;
  const afterVowel = tone > 0 && r() < TONE_AFTER_VOWEL_SHARE;
  const toneKey = vni ? String(tone) : TELEX_TONE[tone]!;
  let out = '';
  let hornSeen = 0;
  letters.forEach((l, i) => {
    const lower = l.toLowerCase();
    const shape = SHAPES[lower];
    const upper = l !== lower;
    if (!shape) out += l;
    else {
      const base = upper ? shape[0].toUpperCase() : shape[0];
      let key = vni ? shape[2] : shape[1];
      if (/[ơư]/.test(lower) && oneHorn && hornSeen++ === 0) key = ''; // "uow": the first horn is left to the second
      else if (/[ơư]/.test(lower)) hornSeen++;
      out += base + key;
    }
    if (afterVowel && i === toneAt) out += toneKey;
  });
  if (tone && !afterVowel) out += toneKey;
  return out;
}

/** The word with its marks taken off ("giấy" → "giay"). */
function plain(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

interface Typed { text: string; expected: string[] }
/** A message typed as keystrokes, with the words the decoder should give back. */
function typeMessage(text: string, vni: boolean, seed: string): Typed {
  const r = rng(seed);
  const expected: string[] = [];
  const out = text.normalize('NFC').replace(WORD, (w) => {
    if (MARKED.test(w) && r() < PLAIN_SHARE) {
      expected.push(plain(w));
      return plain(w);
    }
    const keys = MARKED.test(w) ? toKeys(w, vni, r) : null;
    expected.push(w);
    return keys ?? w;
  });
  return { text: out, expected };
}

const database = await openDatabase();
await database.migrate();
await loadSampleCatalogIfEmpty(database.db);
const index = await getKnowledge(database.db);

const part = values.split as 'a' | 'b' | 'all';
const messages = SETS.flatMap((s) => split(readQaFile(path.resolve(here, '..', 'test', 'knowledge', `${s}.jsonl`)), part))
  .filter((it) => MARKED.test(it.text.normalize('NFC')));
const norm = (w: string) => canonicalTones(w.normalize('NFC').toLowerCase());
const summaryOf = (text: string) => {
  const a = analyzeWith(index, text, {});
  return `${a.intent}/${a.procedures[0]?.code ?? '-'}`;
};
const originals = new Map(messages.map((m) => [m.text, summaryOf(m.text)]));

console.log(`${messages.length} messages typed with marks (split ${part}, ${PLAIN_SHARE * 100} % of words left plain)`);
for (const vni of [false, true]) {
  let words = 0;
  let exact = 0;
  let same = 0;
  const misses = new Map<string, number>();
  for (const [i, m] of messages.entries()) {
    const typed = typeMessage(m.text, vni, `${m.id ?? i}${vni ? 'v' : 't'}`);
    const decoded = decodeKeystrokes(typed.text);
    const got = decoded.normalize('NFC').match(WORD) ?? [];
    const keys = typed.text.match(WORD) ?? [];
    typed.expected.forEach((w, k) => {
      words++;
      if (got[k] !== undefined && norm(got[k]) === norm(w)) exact++;
      else {
        const key = `${keys[k]} → ${got[k]} (want ${w})`;
        misses.set(key, (misses.get(key) ?? 0) + 1);
      }
    });
    const summary = summaryOf(typed.text);
    if (summary === originals.get(m.text)) same++;
    else if (values.misses) console.log(`  ${originals.get(m.text)} → ${summary}: ${decoded.slice(0, 160)}`);
  }
  const pct = (x: number, n: number) => `${((100 * x) / Math.max(1, n)).toFixed(1)} %`;
  console.log(`${vni ? 'VNI  ' : 'Telex'}  words exact ${pct(exact, words)} (${exact}/${words})   same understanding ${pct(same, messages.length)} (${same}/${messages.length})`);
  if (values.misses) {
    for (const [k, n] of [...misses].sort((x, y) => y[1] - x[1]).slice(0, 40)) console.log(`  ${n}× ${k}`);
  }
}
await database.close();
