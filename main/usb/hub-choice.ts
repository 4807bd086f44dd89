import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { HubKeys } from '../../shared/sync/protocol.js';
import { HUB_FILE, STICK_ROOT } from '../../shared/usb/format.js';
import type { SyncQueries } from '../db/queries/sync.js';
import { UsbError } from './errors.js';

/** anjungan/hub.json: the hub's public keys, as `hub usb-import` leaves them on every stick. */
export const HubFile = z.object({ v: z.literal(1), keys: HubKeys, fingerprint: z.string().max(40) }).strict();
export type HubFile = z.infer<typeof HubFile>;

/** A short, readable name for a hub key (what a technician compares): 16 hex digits of SHA-256 in groups of four. */
export function hubFingerprint(signingKeyB64: string): string {
  const hex = createHash('sha256').update(Buffer.from(signingKeyB64, 'base64')).digest('hex').slice(0, 16);
  return hex.match(/.{4}/g)!.join('-');
}

export function readHubFile(stick: string): HubFile | null {
  const file = join(stick, STICK_ROOT, HUB_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = HubFile.safeParse(JSON.parse(readFileSync(file, 'utf8').slice(0, 64 * 1024)));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: the same message for unreadable and malformed
  }
  throw new UsbError(`${file} is damaged (not the hub's key file); let the hub write it again (anjungan hub usb-import)`);
}

/** The hub a stick trip goes to, as this device knows it: its keys and where its status cursor is kept. */
export interface UsbHub {
  keys: HubKeys;
  fingerprint: string;
  /** sync_state key of the status cursor: the HTTP engine's `cursor:<upstream>` when the device met this hub by link, so statuses are never applied twice. */
  cursorKey: string;
}

function learned(sync: SyncQueries): { key: string; keys: HubKeys }[] {
  const out: { key: string; keys: HubKeys }[] = [];
  for (const e of sync.statesWithPrefix<unknown>('hub-keys:')) {
    const k = HubKeys.safeParse(e.value);
    if (k.success) out.push({ key: e.key, keys: k.data });
  }
  return out;
}

function asHub(entry: { key: string; keys: HubKeys }): UsbHub {
  const upstream = entry.key.slice('hub-keys:'.length);
  return { keys: entry.keys, fingerprint: hubFingerprint(entry.keys.signingKey), cursorKey: `cursor:${upstream}` };
}

/**
 * Which hub to seal for. The keys learned at enrolment win; a stick prepared by another hub is
 * refused. A device that never met its hub adopts the stick's hub file only when the technician
 * gives that hub's fingerprint (`--hub-fingerprint`), so a stranger's stick cannot redirect it.
 */
export function chooseHub(sync: SyncQueries, stick: HubFile | null, fingerprint: string | null): UsbHub {
  const known = learned(sync);
  const distinct = [...new Map(known.map((k) => [k.keys.signingKey, k])).values()];
  if (stick) {
    const match = known.find((k) => k.keys.signingKey === stick.keys.signingKey);
    if (match) {
      if (match.keys.boxKey !== stick.keys.boxKey) throw new UsbError('the hub file on this stick names this hub with another encryption key; it was altered');
      return asHub(match);
    }
    const fp = hubFingerprint(stick.keys.signingKey);
    if (distinct.length > 0 && fingerprint !== fp) {
      throw new UsbError(`this stick was prepared by another hub (fingerprint ${fp}); this device belongs to hub ${distinct.map((d) => hubFingerprint(d.keys.signingKey)).join(', ')}`);
    }
    if (fingerprint === null) throw new UsbError(`this device has not met its hub yet; to trust the hub on this stick, give its fingerprint: --hub-fingerprint ${fp} (check it at the hub)`);
    if (fingerprint !== fp) throw new UsbError(`the hub file on this stick has fingerprint ${fp}, not ${fingerprint}; refusing it`);
    const key = `hub-keys:usb:${fp}`;
    sync.setState(key, stick.keys);
    return asHub({ key, keys: stick.keys });
  }
  if (distinct.length === 1) return asHub(distinct[0]!);
  if (distinct.length === 0) throw new UsbError('this device does not know its hub yet: sync once over a link, or use a stick the hub prepared (anjungan hub usb-import writes anjungan/hub.json)');
  const pick = fingerprint ? distinct.find((d) => hubFingerprint(d.keys.signingKey) === fingerprint) : undefined;
  if (!pick) throw new UsbError(`this device knows several hubs (${distinct.map((d) => hubFingerprint(d.keys.signingKey)).join(', ')}); choose one with --hub-fingerprint`);
  return asHub(pick);
}

/** The hub an answer names, if this device knows it (never adopts a new one). */
export function knownHub(sync: SyncQueries, keys: HubKeys): UsbHub | null {
  const match = learned(sync).find((k) => k.keys.signingKey === keys.signingKey && k.keys.boxKey === keys.boxKey);
  return match ? asHub(match) : null;
}
