// Vietnamese text normalisation shared by every matcher (docs/domain.md §6.3).
// `fold` is the key without diacritics; the knowledge module builds richer keys on top.

/** NFC, lower case, collapsed spaces. Diacritics kept. */
export function normalizeText(input: string): string {
  return input.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Only ASCII characters (no mark, no đ, nothing NFD would split). */
const ASCII = /^[^\u0080-\uffff]*$/;

/** Lower case with diacritics removed and đ → d: "Đăng ký" → "dang ky". */
export function fold(input: string): string {
  // Plain ASCII (most words once folded) has no marks and no đ.
  if (ASCII.test(input)) return input.toLowerCase().replace(/\s+/g, ' ').trim();
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when the text has no letter or digit at all (empty, emoji, punctuation). */
export function isContentless(input: string): boolean {
  return !/[\p{L}\p{N}]/u.test(input);
}

// ---------------------------------------------------------------------------------------------
// Richer keys used by the procedure search (issue 3). Everything here is pure and fast:
// a message is normalised in well under a millisecond.

// Old and new tone placement both occur ("hoà" / "hòa", "thuỷ" / "thủy"): the canonical form puts
// the mark on the first vowel of an open "oa/oe/uy" syllable, so both spellings give one key.
const TONED: Record<string, string[]> = {
  a: ['à', 'á', 'ả', 'ã', 'ạ'],
  e: ['è', 'é', 'ẻ', 'ẽ', 'ẹ'],
  y: ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
  o: ['ò', 'ó', 'ỏ', 'õ', 'ọ'],
  u: ['ù', 'ú', 'ủ', 'ũ', 'ụ'],
};
const TONE_FIX: [RegExp, string][] = [];
for (let i = 0; i < 5; i++) {
  for (const second of ['a', 'e'] as const) {
    TONE_FIX.push([new RegExp(`o${TONED[second]![i]}(?![\\p{L}])`, 'gu'), `${TONED.o![i]}${second}`]);
  }
  TONE_FIX.push([new RegExp(`(?<!q)u${TONED.y![i]}(?![\\p{L}])`, 'gu'), `${TONED.u![i]}y`]);
}

/** Every rewrite above needs one of these: "o" then a marked a/e, or "u" then a marked y. */
const TONE_FIX_NEEDED = new RegExp(`o[${TONED.a!.join('')}${TONED.e!.join('')}]|u[${TONED.y!.join('')}]`, 'u');

/** Moves tone marks of open oa/oe/uy syllables to one canonical place: "hoà" → "hòa". */
export function canonicalTones(input: string): string {
  // Most texts have no such syllable: one scan instead of fifteen.
  if (!TONE_FIX_NEEDED.test(input)) return input;
  let s = input;
  for (const [re, rep] of TONE_FIX) s = s.replace(re, rep);
  return s;
}

/** Codes and numbers that must survive untouched: national codes (1.001193), dossier codes, amounts. */
export const CODE_PATTERN = /\b(?:\d\.\d{6}|[0-9a-z]{2,4}(?:[.-][0-9a-z]{2,8}){2,5})\b/giu;

const HAS_DIGIT = /\d/;
/** What separates words (a masked code's marker is part of its word). */
const NOT_WORD = /[^\p{L}\p{N}\uE000]+/gu;

/** Letters and digits only, one space between words (punctuation becomes a space; codes kept). */
export function wordsOf(folded: string): string[] {
  // A code has a digit: without one, nothing is masked (nor unmasked).
  if (!HAS_DIGIT.test(folded) && !folded.includes('\uE000')) return folded.replace(NOT_WORD, ' ').trim().split(' ').filter(Boolean);
  const codes: string[] = [];
  const masked = folded.replace(CODE_PATTERN, (m) => {
    if (!/\d/.test(m)) return m;
    codes.push(m);
    return ` \uE000${codes.length - 1} `;
  });
  return masked
    .replace(NOT_WORD, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => (w.startsWith('\uE000') ? codes[Number(w.slice(1))]! : w));
}

const TELEX_TONE_LETTERS = /[sfrxj]/;
const VOWELS = /[aeiouy]/;

/**
 * Light repair of Telex/VNI residue on a folded word ("kys" → "ky", "hoonn" → "hon",
 * "giaasy" → "giay", "chu1ng" → "chung"), accepted only when the result is a known word
 * (`marked`: the word was typed with diacritics, so only a doubled or trailing key is a slip):
 * an unknown word that is not a slip is left alone (docs/domain.md §6.3: a fallback, not the default).
 */
export function repairWord(word: string, known: (w: string) => boolean, marked = false): string {
  if (known(word) || word.length < 2 || /^\d+$/.test(word) || !VOWELS.test(word)) return word;
  const candidates: string[] = [];
  const collapsed = word.replace(/([a-z])\1+/g, '$1');
  const bases = collapsed === word ? [word] : [collapsed, word];
  for (const b of bases) {
    candidates.push(b);
    // VNI: tone/shape digits after letters.
    if (/[a-z]\d|\d[a-z]/.test(b)) candidates.push(b.replace(/\d/g, ''));
    // Telex: a tone letter typed at the end or inside ("sinhf", "giasy"), "w" for ơ/ư/ă.
    if (TELEX_TONE_LETTERS.test(b.slice(-1))) candidates.push(b.slice(0, -1));
    // A word typed with its marks has no Telex letter inside ("trạm" is no "tạm"): only a doubled
    // or trailing key ("hủyy", "tửr") is a slip.
    if (marked) continue;
    // A tone key is typed after a vowel: the "r" of an onset ("trao", "trình") is part of the word.
    const firstVowel = b.search(VOWELS);
    for (let i = 1; i < b.length; i++) {
      if (b[i] === 'w' || (i > firstVowel && /[sfrxj]/.test(b[i]!))) candidates.push(b.slice(0, i) + b.slice(i + 1));
    }
  }
  for (const c of candidates) {
    const d = c.replace(/([a-z])\1+/g, '$1');
    if (known(c)) return c;
    if (known(d)) return d;
  }
  return word;
}
