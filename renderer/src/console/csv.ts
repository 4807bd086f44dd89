import { toCsv } from '../../../shared/console/csv.js';

/** Downloads a list as CSV (the page's rows as shown). */
export function downloadCsv(name: string, header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
