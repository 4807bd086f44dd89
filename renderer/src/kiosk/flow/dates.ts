/** Dates as the keypad types them (ddmmyyyy) and as forms store them (yyyy-mm-dd). */

export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** "170819" -> "17-08-19__": what has been typed so far, with the rest to come. */
export function formatDateDraft(d: string): string {
  const p = d.padEnd(8, '_');
  return d ? `${p.slice(0, 2)}-${p.slice(2, 4)}-${p.slice(4, 8)}` : '';
}

/** "17081990" -> "1990-08-17"; anything but 8 digits is not a date (the validator says so). */
export function dateDraftToIso(d: string): string {
  if (d.length === 0) return '';
  if (d.length !== 8) return 'invalid';
  return `${d.slice(4, 8)}-${d.slice(2, 4)}-${d.slice(0, 2)}`;
}

export function isoToDateDraft(iso: string): string {
  return iso ? iso.split('-').reverse().join('') : '';
}
