// Finding dossier codes in what citizens type: with spaces, in lower case or without the dashes.
// The canonical pattern is core/domain.ts (docs/domain.md, "Dossier code format").
import { DOSSIER_CODE_RE } from '../../core/domain';

// Tolerant pattern over lower-cased text: spaces around dots, any of space/dash/underscore/slash
// (or nothing) between the parts; no letter, digit or dot right before, no digit right after.
const SEP = '[\\s\\-\\u2010-\\u2015_/]*';
const TOLERANT = new RegExp(
  '(?<![0-9a-z.])' +
    '((?:[0-9a-z]{2,3}\\s*\\.\\s*){0,3}[a-z]\\d{2}(?:\\s*\\.\\s*\\d{1,3})?)' +
    SEP +
    '(\\d{2})(\\d{2})(\\d{2})' +
    SEP +
    '(\\d{4})(?!\\d)',
  'g',
);

/** A plausible YYMMDD receipt date keeps phone-like digit runs from being read as codes. */
function plausibleDate(mm: string, dd: string): boolean {
  const m = Number(mm);
  const d = Number(dd);
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** Every dossier code found in free text, canonical (upper case, dashes), in order of appearance. */
export function findDossierCodes(text: string): string[] {
  const lower = text.normalize('NFC').toLowerCase();
  const out: string[] = [];
  for (const m of lower.matchAll(TOLERANT)) {
    const [, unit, yy, mm, dd, seq] = m;
    if (!plausibleDate(mm!, dd!)) continue;
    const code = `${unit!.replace(/\s+/g, '').toUpperCase()}-${yy}${mm}${dd}-${seq}`;
    if (DOSSIER_CODE_RE.test(code) && !out.includes(code)) out.push(code);
  }
  return out;
}

/** The text with every dossier code removed (what else the citizen wrote, e.g. the 4 digits). */
export function withoutDossierCodes(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(TOLERANT, ' ');
}

/** The first code in the text, or null. */
export function findDossierCode(text: string): string | null {
  return findDossierCodes(text)[0] ?? null;
}

/**
 * A value that should be exactly one code (an import cell, an API field): canonical form,
 * or null when it is not a code.
 */
export function normalizeDossierCode(value: string): string | null {
  const compact = value.trim().toUpperCase();
  if (DOSSIER_CODE_RE.test(compact)) return compact;
  const found = findDossierCodes(value);
  // The whole cell must be that one code, not a sentence containing it.
  if (found.length !== 1) return null;
  const rest = value.toLowerCase().replace(/[\s\-\u2010-\u2015_/.]/g, '');
  return rest === found[0]!.toLowerCase().replace(/[-.]/g, '') ? found[0]! : null;
}
