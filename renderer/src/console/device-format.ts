import type { DeviceEntry } from '../../../shared/console/api.js';
import { ct } from '../../../shared/i18n/console-id.js';

/** A clock this far off makes the device's times (and so SLA ages) wrong: flagged. */
export const CLOCK_WARN_SECONDS = 120;

/** "+5 dtk", "−3 mnt", "+2 jam": a device's clock against the hub's at its last report. */
export function formatSkew(seconds: number | null): string {
  if (seconds === null) return '—';
  const sign = seconds < 0 ? '−' : '+';
  const a = Math.abs(seconds);
  return a < 120 ? `${sign}${a} dtk` : a < 7200 ? `${sign}${Math.round(a / 60)} mnt` : `${sign}${Math.round(a / 3600)} jam`;
}

const shortDate = (iso: string | null): string => (iso ? new Date(iso).toLocaleDateString('id-ID', { day: 'numeric', month: 'short', timeZone: 'Asia/Jakarta' }) : '—');

/** "langsung 12 · lewat kecamatan 3 (terakhir 2 Des) · USB 1 (terakhir 28 Nov)": how a device's batches came. */
export function formatCarried(c: DeviceEntry['carried']): string {
  const parts: string[] = [];
  if (c.direct) parts.push(ct('console.carried.direct', { n: c.direct }));
  if (c.relay) parts.push(ct('console.carried.relay', { n: c.relay, at: shortDate(c.lastRelayAt) }));
  if (c.usb) parts.push(ct('console.carried.usb', { n: c.usb, at: shortDate(c.lastUsbAt) }));
  return parts.length ? parts.join(' · ') : ct('console.carried.none');
}
