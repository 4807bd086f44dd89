/** A clock this far off makes the device's times (and so SLA ages) wrong: flagged. */
export const CLOCK_WARN_SECONDS = 120;

/** "+5 dtk", "−3 mnt", "+2 jam": a device's clock against the hub's at its last report. */
export function formatSkew(seconds: number | null): string {
  if (seconds === null) return '—';
  const sign = seconds < 0 ? '−' : '+';
  const a = Math.abs(seconds);
  return a < 120 ? `${sign}${a} dtk` : a < 7200 ? `${sign}${Math.round(a / 60)} mnt` : `${sign}${Math.round(a / 3600)} jam`;
}
