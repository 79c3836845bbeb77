// Vietnamese number formatting: decimal comma, dot for thousands (17,1; 0,9; 100.000).
export function vn(n: number | null | undefined, decimals = 0): string {
  if (n === null || n === undefined) return '-';
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

/** Scores and shares are printed with one decimal (17,1; 75,8; 100,0). */
export function vn1(n: number | null | undefined): string {
  return vn(n, 1);
}
