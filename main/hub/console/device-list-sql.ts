/**
 * The console's device list, one SQL text for both hub backends: they differ only in how the
 * limit is bound (`?` for SQLite, `$1` for PostgreSQL). Counts come back as numbers on SQLite
 * and as bigint strings on PostgreSQL; `devices.ts` reads them through Number().
 */
export function deviceListSql(limitPlaceholder: '?' | '$1'): string {
  return `SELECT d.device_id, d.label, d.enrolled_at, d.revoked_at, d.last_seen_at,
     (SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = d.device_id) AS office_code,
     coalesce(d.reported_version, (SELECT u.version FROM update_reports u WHERE u.device_id = d.device_id ORDER BY u.seq DESC LIMIT 1)) AS version,
     (SELECT count(*) FROM submissions s WHERE s.device_id = d.device_id) AS submissions,
     d.reported_backlog, d.reported_at, d.clock_skew_ms,
     (SELECT count(*) FROM batches b WHERE b.device_id = d.device_id AND (b.channel = 'http' OR b.channel IS NULL)) AS via_http,
     (SELECT count(*) FROM batches b WHERE b.device_id = d.device_id AND b.channel = 'relay') AS via_relay,
     (SELECT max(b.committed_at) FROM batches b WHERE b.device_id = d.device_id AND b.channel = 'relay') AS last_relay_at,
     (SELECT count(*) FROM batches b WHERE b.device_id = d.device_id AND b.channel = 'usb') AS via_usb,
     (SELECT max(b.committed_at) FROM batches b WHERE b.device_id = d.device_id AND b.channel = 'usb') AS last_usb_at
   FROM devices d ORDER BY d.device_id LIMIT ${limitPlaceholder}`;
}
