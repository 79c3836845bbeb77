// Formatting shared by the Word and Excel documents (and light enough to load at start: the document
// libraries themselves are loaded only when a report is generated).

/** Vietnamese number formatting: decimal comma, dot for thousands (17,1; 0,9; 100.000). */
export function vn(n: number | null | undefined, decimals = 0): string {
  if (n === null || n === undefined) return '-';
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

/** Scores and shares are printed with one decimal (17,1; 75,8; 100,0). */
export function vn1(n: number | null | undefined): string {
  return vn(n, 1);
}

/** The blank left for the signer to write a day or a month (and a report's number) by hand. */
export const BLANK_DAY = '      ';

/**
 * Place and date line. Without a date the day and month are left blank for the signer, as on the
 * reference report: "Hoàng Kim, ngày      tháng      năm 2024".
 */
export function dateLine(place: string, date: string | { year: number }): string {
  if (typeof date !== 'string') return `${place}, ngày ${BLANK_DAY} tháng ${BLANK_DAY} năm ${date.year}`;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // NĐ 30/2020: days under 10 and months 1, 2 are written with a leading zero.
  const dd = d < 10 ? `0${d}` : String(d);
  const mo = m < 3 ? `0${m}` : String(m);
  return `${place}, ngày ${dd} tháng ${mo} năm ${y}`;
}
