import { randomBytes } from 'node:crypto';
import type { DeviceEntry } from '../../../shared/console/api.js';
import type { HubBackend } from '../backend.js';
import { actorOf, type ConsoleUser } from './accounts.js';
import { appendHubAudit } from './audit.js';
import { ConsoleError } from './inbox.js';

const MAX_DEVICES = 2000;
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrolment code as `anjungan hub enrol` prints it (XXXX-XXXX-XXXX). */
export function newEnrolmentCode(): string {
  return [...randomBytes(12)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('').replace(/(.{4})(?=.)/g, '$1-');
}

/** Devices in the console: list, rename, revoke (a revoked device is refused at once), issue enrolment codes. */
export function consoleDevices(backend: HubBackend, hashCode: (code: string) => string) {
  return {
    async list(): Promise<DeviceEntry[]> {
      const rows = await backend.run((q) => q.devices(MAX_DEVICES));
      return rows.map((r) => ({
        deviceId: r.device_id,
        label: r.label,
        officeCode: r.office_code,
        enrolledAt: r.enrolled_at,
        lastSeenAt: r.last_seen_at,
        revoked: r.revoked_at !== null,
        version: r.version,
        submissions: Number(r.submissions),
        backlog: r.reported_backlog === null ? null : Number(r.reported_backlog),
        backlogAt: r.reported_at,
        clockSkewSeconds: r.clock_skew_ms === null ? null : Math.round(Number(r.clock_skew_ms) / 1000),
        carried: {
          direct: Number(r.via_http),
          relay: Number(r.via_relay),
          lastRelayAt: r.last_relay_at,
          usb: Number(r.via_usb),
          lastUsbAt: r.last_usb_at,
        },
      }));
    },
    async revoke(u: ConsoleUser, deviceId: string): Promise<void> {
      const at = new Date().toISOString();
      await backend.transaction(async (q) => {
        if (!(await q.revokeDevice(deviceId, at))) throw new ConsoleError(404, `no active device ${deviceId}`);
        await appendHubAudit(q, actorOf(u), 'device.revoke', deviceId, null, at);
      });
    },
    async rename(u: ConsoleUser, deviceId: string, label: string): Promise<void> {
      const at = new Date().toISOString();
      await backend.transaction(async (q) => {
        if (!(await q.renameDevice(deviceId, label))) throw new ConsoleError(404, `no device ${deviceId}`);
        await appendHubAudit(q, actorOf(u), 'device.rename', deviceId, { label }, at);
      });
    },
    async issueCode(u: ConsoleUser, label: string | null, hours: number): Promise<{ code: string; expiresAt: string }> {
      const code = newEnrolmentCode();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + hours * 3600_000).toISOString();
      await backend.transaction(async (q) => {
        await q.insertEnrolmentCode(hashCode(code), label, now.toISOString(), expiresAt);
        await appendHubAudit(q, actorOf(u), 'enrolment.issue', null, { label, expiresAt }, now.toISOString());
      });
      return { code, expiresAt };
    },
  };
}
