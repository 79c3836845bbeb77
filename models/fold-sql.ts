// Search without diacritics in SQL: the same key as knowledge/normalize.ts `fold` ("Đường liên
// thôn" → "duong lien thon"), computed by the database with translate() so PGlite and PostgreSQL
// agree without the unaccent extension (PGlite does not ship it).
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

// Every Vietnamese letter with a diacritic, lower and upper case (precomposed, NFC).
const LOWER = 'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ';
const LETTERS = LOWER + LOWER.toUpperCase();
const baseOf = (c: string) => c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
// Combining marks of decomposed (NFD) text: listed with no counterpart, translate() deletes them.
const MARKS = '\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323';
const FROM = LETTERS + MARKS;
const TO = [...LETTERS].map(baseOf).join('');

/** The folded form of a column or expression, in SQL (lower() after translate: C-locale safe). */
export function foldedSql(expr: SQLWrapper): SQL {
  return sql`lower(translate(${expr}, ${FROM}, ${TO}))`;
}

/** The folded form of a string in JS, matching foldedSql (spaces collapsed too). */
export function foldText(input: string): string {
  return input.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A LIKE pattern matching `q` anywhere, folded, with LIKE's wildcards escaped. */
export function foldedLike(q: string): string {
  return `%${foldText(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `expr` contains `q`, as staff expect: typed without diacritics, it matches with or without them
 * ("duong" finds "Đường"); typed with them, they count ("dũng" finds "Dũng", not "sử dụng").
 */
export function containsSql(expr: SQLWrapper, q: string): SQL {
  const typed = q.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (foldText(typed) === typed) return sql`${foldedSql(expr)} like ${foldedLike(q)}`;
  // Lower case in SQL without relying on the database's locale (PGlite's C locale lowers ASCII only).
  const lowered = sql`lower(translate(${expr}, ${LOWER.toUpperCase()}, ${LOWER}))`;
  return sql`${lowered} like ${`%${typed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
}
