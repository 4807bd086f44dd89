import { z } from 'zod';
import { call } from '../define.js';

/**
 * Why a stick was refused (details.reason of a `usb_refused` error, and `problem` of a stick in
 * the list): the desk shows each in Bahasa Indonesia. Nothing was stored and nothing lost in any.
 */
export const USB_REASONS = ['not_mounted', 'partial', 'tampered', 'other_office', 'no_answer', 'hub_unknown', 'full', 'other'] as const;
export type UsbReason = (typeof USB_REASONS)[number];

/** What came back on a stick for this device (read and checked, not yet applied). */
export interface UsbAnswerView {
  /** Batches the hub acknowledged. */
  acks: number;
  /** Submissions in those batches. */
  submissions: number;
  statuses: number;
  catalogue: number | null;
  release: string | null;
  /** Batches the hub could not take (a partial copy, a changed byte): they ride on the next stick. */
  failed: number;
  /** This answer was applied before (an old stick played back): importing it changes nothing. */
  alreadyApplied: boolean;
}

/** A kecamatan relay kept this device's export from the stick (`anjungan relay usb-import`) before the hub answered. */
export interface UsbRelayReceiptView {
  relayId: string;
  /** When the relay stored it. */
  at: string;
  /** Batches of it still open here: "di kecamatan" once imported, delivered only by the hub's answer. */
  batches: number;
}

export interface UsbStickView {
  /** The stick's folder (its mount point). */
  path: string;
  /** Its name as the office sees it (the volume label: the mount point's last part). */
  label: string;
  /** The hub has prepared it (anjungan/hub.json). */
  prepared: boolean;
  /** This device left an export on it that the hub has not answered yet. */
  exported: boolean;
  /** Other devices' folders on it (a boat round through several desa). */
  otherDevices: number;
  answer: UsbAnswerView | null;
  /** The relay's receipt on the stick, when it names batches still open here. */
  relay: UsbRelayReceiptView | null;
  problem: { reason: UsbReason; message: string } | null;
}

export interface UsbOverview {
  /** The pattern searched (setting usbMountRoot; on Windows, the removable drive letters). */
  mountRoot: string;
  sticks: UsbStickView[];
  /** What an export would carry now. */
  carry: { submissions: number; openBatches: number; approxBytes: number; statusMoves: number };
}

export interface UsbExportResult {
  submissions: number;
  batches: number;
  bytes: number;
  reused: number;
  statusMoves: number;
  /** Every file and folder written is fsynced: the stick may be pulled. */
  safeToRemove: true;
}

export interface UsbImportResult {
  alreadyApplied: boolean;
  delivered: number;
  parked: number;
  statuses: number;
  statusMoves: number;
  catalogue: number | null;
  catalogueRefused: string | null;
  /** Batches the hub could not take; they stay pending for the next stick. */
  failed: { batchId: string; reason: UsbReason; message: string }[];
  release: { version: string; state: 'ready' | 'current' | 'disabled' | 'refused'; reason: string | null } | null;
  /** Batches the relay's receipt marked "di kecamatan" (they stay pending until the hub's answer). */
  atRelay: UsbRelayReceiptView | null;
}

export const UsbProgressEvent = z.object({
  path: z.string(),
  phase: z.enum(['prepare', 'write', 'done']),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  filesDone: z.number(),
  filesTotal: z.number(),
});

const StickPath = z.object({ path: z.string().min(1).max(1000) }).strict();

/** The USB stick at the desk (issue 12 §2): the desk's staff and its technician, never the kiosk. */
export const usbCalls = {
  'usb:sticks': call<UsbOverview>()(['sync.run'], z.object({}).strict()),
  /** Writes everything pending onto the stick, sealed to the hub; nothing is delivered until its answer comes back. */
  'usb:export': call<UsbExportResult>()(
    ['sync.run'],
    StickPath.extend({
      /** A device that never met its hub trusts the stick's hub file only with the fingerprint the hub printed. */
      hubFingerprint: z.string().regex(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/).optional(),
      /** A one-time enrolment code (anjungan hub enrol), for the first trip of such a device. */
      enrolmentCode: z.string().trim().min(1).max(100).optional(),
    }).strict(),
  ),
  /** Applies the hub's answer from the stick (acks, statuses, catalogue, a signed release). */
  'usb:import': call<UsbImportResult>()(['sync.run'], StickPath),
};
