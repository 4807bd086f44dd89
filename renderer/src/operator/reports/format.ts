/** Numbers as the PDF writes them (id-ID: 1.234 and 3,250); '-' for none. */
export const num = (v: number | null, digits = 0): string =>
  v === null ? '-' : v.toLocaleString('id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Seconds as minutes with one decimal, as the queue PDF writes them. */
export const minutes = (s: number | null): string => (s === null ? '-' : num(s / 60, 1));
