// Decoding text typed in Telex or VNI without an input method ("cair chinhs teen", "d9a8ng ky1"):
// the keystrokes are turned back into Vietnamese syllables before any matching.
// A word is decoded only when it is NOT already a Vietnamese syllable written without marks, and
// its decoding IS one: ordinary words ("sao", "xa", "khai"), codes, numbers and most English words
// are left alone, because a tone letter (s f r x j), a "w", a doubled vowel or a VNI digit can never
// end or sit inside a plain syllable.

/**
 * Onsets of Vietnamese syllables, folded (longest first for the regex); "dz" is the southern chat
 * spelling of v/d/gi ("dzậy", "dzô"), typed in Telex too ("dzaajy").
 */
const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|dz|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?';
/** Vowel nuclei, folded (ư → u, ơ → o, â/ă → a, ê → e, ô → o). */
const NUCLEUS = '(?:uye|uya|uyu|ieu|yeu|uoi|uou|oai|oay|oeo|uay|uau|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y)';
const CODA = '(?:ch|ng|nh|c|m|n|p|t)?';
// "oo" only in loanwords with a final consonant (xoong, boong, cooc); not "coong", which is far more
// often "công" typed in Telex than the rare loanword.
const SYLLABLE = new RegExp(`^(?:${ONSET}${NUCLEUS}${CODA}|[xb]oo(?:ng|c)|cooc)$`);

/** True for a folded word that is a possible Vietnamese syllable ("nguoi", "khai", "xoong"). */
export function isSyllable(folded: string): boolean {
  return SYLLABLE.test(folded);
}

const TONE_KEYS: Record<string, number> = { s: 1, f: 2, r: 3, x: 4, j: 5 };
// Combining marks: sắc, huyền, hỏi, ngã, nặng.
const TONE_MARKS = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
const VOWEL = /[aeiouyâăêôơư]/;
const MARKED = /[âăêôơư]/;
const FOLD_SHAPE: Record<string, string> = { â: 'a', ă: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u', đ: 'd' };

/** Words that look like keystrokes but are common in messages as they are (English, brands). */
const KEEP = new Set(['as', 'is', 'us', 'bus', 'yes', 'was', 'has', 'its', 'his', 'hers', 'ours', 'vs', 'ex', 'fax', 'box', 'tax', 'max', 'mix', 'fix', 'six', 'sex', 'ios', 'gas', 'sos', 'tour', 'pass', 'boss', 'miss', 'kiss', 'how', 'now', 'new', 'news', 'few', 'law', 'show', 'know', 'view', 'sow', 'low', 'row', 'bow', 'cow', 'vow', 'wow', 'tow', 'kms', 'lows',
  // English words and names that decode into a syllable ("Lee" → "lê", "visa" → "vía").
  'lee', 'down', 'visa', 'taxi', 'test', 'sir', 'mary', 'room', 'soon', 'noon', 'moon', 'too', 'see', 'tree', 'keep', 'deep', 'bee', 'boo', 'lees', 'jess', 'ross', 'rose', 'wes', 'jaws', 'vows']);
/**
 * Kept words that are also the Telex of common syllables ("hoof sow" = "hồ sơ", "cow quan" = "cơ quan",
 * "lieetj six" = "liệt sĩ", "max hoof sow" = "mã hồ sơ", "cos" = "có"): decoded in a message whose other
 * words were typed in Telex (TELEX_MESSAGE_MIN of them decoded), kept as typed anywhere else.
 */
// Not "gas": the gas bottle is said as it is far more often than the rare "gá" is typed.
// "too", "bee", "lee" are "tô", "bê", "lê" typed in Telex ("cais too", "con bee", "hoj Lee").
const TELEX_TOO = new Set(['sow', 'cow', 'tow', 'low', 'row', 'bow', 'vow', 'six', 'max', 'mix', 'sex', 'its', 'bus', 'tax', 'box', 'ex', 'too', 'bee', 'lee']);
const TELEX_MESSAGE_MIN = 2;
/** A word typed as it is meant (English, a name): neither decoded nor repaired as a keystroke slip. */
export function isKeptWord(folded: string): boolean {
  return KEEP.has(folded);
}

/** Common English words: a message with several of them is English and is not decoded. */
const ENGLISH = /\b(?:the|how|what|where|when|does|is|are|my|your|please|with|for|and|need|want|can|get|of|to|a)\b/gi;
const ENGLISH_MIN = 2;
/**
 * Common English words that decode into a syllable or repair into another word ("there" → "thể" or
 * "the", "been" → "bên" or "ben"). Some are also Telex ("been" for "bên"), so they are kept only in
 * a message that reads as English or was typed with marks (isEnglishWord).
 */
const ENGLISH_WORDS = new Set(['there', 'here', 'been', 'seen', 'three', 'these', 'those', 'this', 'were', 'does', 'cost', 'costs',
  'days', 'must', 'more', 'most', 'own', 'last', 'next', 'left', 'born', 'off', 'sees', 'trees', 'meet', 'door', 'poor', 'add', 'inn']);

/** How many words of a text are common English words. */
function englishCount(text: string): number {
  const listed = (text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => ENGLISH_WORDS.has(w));
  return (text.match(ENGLISH) ?? []).length + listed.length;
}

/**
 * A common English word kept as typed: always in a message typed with marks (no Telex there), and in
 * one without marks when the message reads as English ("there has been a problem").
 */
export function isEnglishWord(folded: string, text: string): boolean {
  if (!ENGLISH_WORDS.has(folded)) return false;
  return MARKED_LETTER.test(text.normalize('NFC')) || englishCount(text) >= ENGLISH_MIN;
}
/** A letter with a Vietnamese mark (tested on NFC text): the text was typed with an input method. */
const MARKED_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

function foldShape(s: string): string {
  return s.replace(/[âăêôơưđ]/g, (c) => FOLD_SHAPE[c]!);
}

/** Puts the tone on the right vowel of a syllable with shapes already applied (modern placement). */
function placeTone(syl: string, tone: number): string {
  if (!tone) return syl;
  // The vowel cluster, not counting the "i" of "gi" or the "u" of "qu" when a vowel follows.
  const m = /^(qu|gi)(?=[aeiouyâăêôơư])/.exec(syl) ?? /^[^aeiouyâăêôơư]*/.exec(syl);
  const start = m ? m[0].length : 0;
  let end = start;
  while (end < syl.length && VOWEL.test(syl[end]!)) end++;
  if (end === start) return syl;
  const cluster = syl.slice(start, end);
  const hasCoda = end < syl.length;
  let at: number;
  const marked = [...cluster].findIndex((c) => MARKED.test(c));
  if (cluster === 'ươ' || cluster.startsWith('ươ')) at = 1;
  else if (marked >= 0) at = [...cluster].lastIndexOf([...cluster].filter((c) => MARKED.test(c)).pop()!);
  else if (cluster.length === 1) at = 0;
  else if (cluster.length === 3) at = 1;
  else at = hasCoda ? 1 : 0;
  const i = start + at;
  return (syl.slice(0, i) + syl[i] + TONE_MARKS[tone] + syl.slice(i + 1)).normalize('NFC');
}

const W_SHAPE: Record<string, string> = { u: 'ư', o: 'ơ', a: 'ă' };

/**
 * Telex "w": right after u/o/a it shapes that vowel ("muwa" → "mưa"); typed after the final
 * consonant it shapes the vowels before ("tuongw" → "tương"); alone it is "ư" ("wng" → "ưng").
 */
function applyW(s: string): string | null {
  let out = '';
  for (const ch of s) {
    if (ch !== 'w') {
      out += ch;
      continue;
    }
    const prev = out.slice(-1);
    if (prev in W_SHAPE) out = out.slice(0, -1) + W_SHAPE[prev];
    else if (/uo/.test(out)) out = out.replace('uo', 'ươ');
    else if (/o(?!.*o)/.test(out) && out.includes('o')) out = out.replace(/o(?!.*o)/, 'ơ');
    else if (out.includes('u')) out = out.replace(/u(?!.*u)/, 'ư');
    else if (out.includes('a')) out = out.replace(/a(?!.*a)/, 'ă');
    else if (!VOWEL.test(out)) out += 'ư';
    else return null;
  }
  // "uow", "uwo", "uwow" all mean ươ (except the rare "quơ").
  return out.replace(/ưo/g, 'ươ').replace(/(?<!q)uơ/g, 'ươ');
}

/** Applies Telex keystrokes to one lower-case ASCII word; null when it is not Telex. */
function fromTelex(word: string): string | null {
  if (!/^[a-z]+$/.test(word)) return null;
  let tone = 0;
  let s = '';
  let seenVowel = false;
  for (const ch of word) {
    if (seenVowel && ch in TONE_KEYS) {
      if (tone) return null; // two tone keys: not Telex
      tone = TONE_KEYS[ch]!;
      continue;
    }
    s += ch;
    if (/[aeiouy]/.test(ch)) seenVowel = true;
  }
  let shaped: string | null = s.replace(/^dd/, 'đ');
  if ((shaped.match(/w/g) ?? []).length > 2) return null;
  if (shaped.includes('w')) shaped = applyW(shaped);
  if (shaped === null) return null;
  // Doubled vowels: aa → â, ee → ê, oo → ô (also split by the cluster: "tieen" → "tiên").
  shaped = shaped!.replace(/aa/, 'â').replace(/ee/, 'ê').replace(/oo/, 'ô');
  return placeTone(shaped, tone);
}

/** Applies VNI keystrokes (digits after letters) to one word; null when it is not VNI. */
function fromVni(word: string): string | null {
  if (!/^[a-z][a-z1-9]*$/.test(word) || !/[1-9]/.test(word)) return null;
  let tone = 0;
  let s = '';
  for (const ch of word) {
    if (!/[1-9]/.test(ch)) {
      s += ch;
      continue;
    }
    const d = Number(ch);
    if (d <= 5) {
      if (tone || !VOWEL.test(s)) return null;
      tone = d;
    } else if (d === 6) {
      const i = Math.max(s.lastIndexOf('a'), s.lastIndexOf('e'), s.lastIndexOf('o'));
      if (i < 0) return null;
      s = s.slice(0, i) + { a: 'â', e: 'ê', o: 'ô' }[s[i] as 'a' | 'e' | 'o'] + s.slice(i + 1);
    } else if (d === 7) {
      if (/uo/.test(s)) s = s.replace('uo', 'ươ');
      else if (/ư?o/.test(s) && s.includes('o')) s = s.replace(/o(?!.*o)/, 'ơ');
      else if (s.includes('u')) s = s.replace(/u(?!.*u)/, 'ư');
      else return null;
    } else if (d === 8) {
      if (!s.includes('a')) return null;
      s = s.replace(/a(?!.*a)/, 'ă');
    } else if (d === 9) {
      if (!s.startsWith('d')) return null;
      s = 'đ' + s.slice(1);
    }
  }
  return placeTone(s, tone);
}

/**
 * The Vietnamese syllable a keystroke word stands for, or null: only when the word is not a plain
 * syllable already and its decoding is one.
 */
export function decodeWord(word: string, telexMessage = false): string | null {
  const w = word.toLowerCase();
  // Chat abbreviations without a vowel typed with "dd" or "d9" ("ddc", "d9c" đc, "sddt" sđt).
  if (/^[b-df-hj-np-tv-xz]*d(?:d|9)[b-df-hj-np-tv-xz]*$/.test(w) && w.length >= 3 && w.length <= 5) return w.replace(/d[d9]/, 'đ');
  if (w.length < 2 || w.length > 10 || (KEEP.has(w) && !(telexMessage && TELEX_TOO.has(w)))) return null;
  if (/^[a-z]+$/.test(w) && isSyllable(w) && !/(?:aa|ee|w)/.test(w)) return null;
  const decoded = /\d/.test(w) ? fromVni(w) : fromTelex(w);
  if (!decoded || decoded === w) return null;
  const folded = foldShape(decoded.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC'));
  return isSyllable(folded) ? decoded : null;
}

/** A message decoded once: its text, as typed, and whether the decoder guessed marks in it. */
export interface DecodedMessage {
  text: string;
  typed: string;
  /** Marks were guessed from keystrokes: they are not marks the citizen typed (text.ts reads them apart). */
  guessed: boolean;
}

/**
 * A message decoded once, before it is split into sentences: a sentence alone has too few keystroke
 * words to tell a Telex message, and its readers must know that the marks were guessed.
 */
export function decodeMessage(typed: string): DecodedMessage {
  const text = decodeKeystrokes(typed);
  return { text, typed, guessed: text !== typed };
}

/**
 * Decodes the Telex/VNI words of a message; other words are kept as typed. Text that already has
 * diacritics is left as it is.
 */
export function decodeKeystrokes(text: string): string {
  if (!/[a-z][a-z0-9]*(?:[sfrxjw]|[1-9]|aa|ee|oo|dd)/i.test(text)) return text;
  // Someone typing with an input method ("Anh Lee hỏi visa") did not type keystrokes: slips in such
  // a message are left to the repair towards known words (normalize.ts).
  if (MARKED_LETTER.test(text.normalize('NFC'))) return text;
  // Each word decoded once; the kept words that are also Telex (TELEX_TOO) again, in a Telex message.
  const decoded = (text.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).map((w) => decodeWord(w));
  const keystrokes = decoded.filter(Boolean).length;
  // English reads as English; but plain Vietnamese words left without marks in a Telex message look
  // English too ("can" cần, "to" tờ, "a" anh): the message is English only when they outnumber the
  // keystroke words.
  const english = englishCount(text);
  if (english >= ENGLISH_MIN && english >= keystrokes) return text;
  const telexMessage = keystrokes >= TELEX_MESSAGE_MIN;
  let k = 0;
  return text.replace(/[A-Za-z][A-Za-z0-9]*/g, (w) => {
    const d = decoded[k++] ?? (telexMessage ? decodeWord(w, true) : null);
    if (!d) return w;
    return w[0] === w[0]!.toUpperCase() && w[0] !== w[0]!.toLowerCase() ? d[0]!.toUpperCase() + d.slice(1) : d;
  });
}
