/**
 * Numbers as spoken Indonesian words, for the voice call of the queue ("dua belas", "seratus
 * lima", "seribu dua ratus"). Pure: the display and the voice use the same text.
 * Irregular forms: 10 sepuluh, 11 sebelas, 12–19 "… belas", 100 seratus, 1000 seribu.
 */
const ONES = ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'] as const;

/** Largest number spoken (just under a trillion): queue numbers never come near it. */
export const MAX_SPOKEN = 999_999_999_999;

export function numberToWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SPOKEN) throw new RangeError(`numberToWords: ${n} is not an integer in 0..${MAX_SPOKEN}`);
  if (n === 0) return 'nol';
  return below1e12(n);
}

function below1e12(n: number): string {
  const parts: string[] = [];
  const scales: [number, string][] = [
    [1_000_000_000, 'miliar'],
    [1_000_000, 'juta'],
  ];
  let rest = n;
  for (const [size, name] of scales) {
    const q = Math.floor(rest / size);
    if (q > 0) parts.push(`${below1000(q)} ${name}`);
    rest %= size;
  }
  const thousands = Math.floor(rest / 1000);
  if (thousands === 1) parts.push('seribu');
  else if (thousands > 1) parts.push(`${below1000(thousands)} ribu`);
  rest %= 1000;
  if (rest > 0) parts.push(below1000(rest));
  return parts.join(' ');
}

function below1000(n: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(n / 100);
  if (hundreds === 1) parts.push('seratus');
  else if (hundreds > 1) parts.push(`${ONES[hundreds]} ratus`);
  const rest = n % 100;
  if (rest > 0) parts.push(below100(rest));
  return parts.join(' ');
}

function below100(n: number): string {
  if (n < 10) return ONES[n]!;
  if (n === 10) return 'sepuluh';
  if (n === 11) return 'sebelas';
  if (n < 20) return `${ONES[n - 10]} belas`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return ones === 0 ? `${ONES[tens]} puluh` : `${ONES[tens]} puluh ${ONES[ones]}`;
}
