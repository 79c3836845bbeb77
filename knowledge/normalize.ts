// Vietnamese text normalisation shared by every matcher (domain.md §6.3).
// `fold` is the key without diacritics; the knowledge module builds richer keys on top.

/** NFC, lower case, collapsed spaces. Diacritics kept. */
export function normalizeText(input: string): string {
  return input.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Lower case with diacritics removed and đ → d: "Đăng ký" → "dang ky". */
export function fold(input: string): string {
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
