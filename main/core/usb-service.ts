import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { UsbExportResult, UsbImportResult, UsbOverview, UsbReason, UsbRelayReceiptView, UsbStickView } from '../../shared/api/calls/usb.js';
import { ApiFailure } from '../../shared/api/result.js';
import { ANSWER_FILE, MANIFEST_FILE, STICK_ROOT } from '../../shared/usb/format.js';
import { validateHubCatalogue, writeHubCatalogue } from '../catalogue/hub-catalogue.js';
import { kioskSyncDb } from '../sync/kiosk-db.js';
import { syncDir } from '../usb/atomic.js';
import { UsbError } from '../usb/errors.js';
import { exportToStick } from '../usb/kiosk-export.js';
import { importFromStick, readAnswer } from '../usb/kiosk-import.js';
import { findSticks } from '../usb/mounts.js';
import { applyRelayReceipt, peekRelayReceipt } from '../usb/relay-receipt.js';
import { installFromStick } from '../usb/release-from-stick.js';
import { deviceDir, stickDevices } from '../usb/stick.js';
import type { CoreServices } from './services.js';

/** The core's part of the stick (issue 12 §2): what the desk shows and its two buttons; the work is main/usb/'s. */
export interface UsbService {
  overview(): UsbOverview;
  export(path: string, first?: { hubFingerprint?: string | undefined; enrolmentCode?: string | undefined }): Promise<UsbExportResult>;
  import(path: string): Promise<UsbImportResult>;
}

/** A UsbError's English message, sorted into what the desk says about it (shared/api/calls/usb.ts). */
export function usbReason(message: string): UsbReason {
  if (/does not exist|is the stick mounted/.test(message)) return 'not_mounted';
  if (/incomplete copy|cut short|partial/.test(message)) return 'partial';
  if (/another office|another hub|for device .* not this one/.test(message)) return 'other_office';
  if (/does not know|not met its hub|several hubs/.test(message)) return 'hub_unknown';
  if (/no answer/.test(message)) return 'no_answer';
  if (/altered|changed byte|damaged|does not verify/.test(message)) return 'tampered';
  if (/bytes free|is full/.test(message)) return 'full';
  return 'other';
}

function refused(err: unknown): never {
  if (err instanceof UsbError) throw new ApiFailure('usb_refused', err.message, { reason: usbReason(err.message) });
  if ((err as { code?: string }).code === 'ENOSPC') throw new ApiFailure('usb_refused', 'the stick is full; the earlier export on it is unchanged', { reason: 'full' });
  throw err;
}

/** What the stick needs of the core. */
export type UsbCore = Pick<CoreServices, 'store' | 'deviceId' | 'settings' | 'events' | 'version' | 'log' | 'catalogue' | 'updates'>;

const NOTHING_APPLIED: Omit<UsbImportResult, 'atRelay'> = { alreadyApplied: false, delivered: 0, parked: 0, statuses: 0, statusMoves: 0, catalogue: null, catalogueRefused: null, failed: [], release: null };

const nonEmpty = (r: UsbRelayReceiptView | null): UsbRelayReceiptView | null => (r && r.batches > 0 ? r : null);

function catalogueVersion(documentText: string): number | null {
  try {
    const v = (JSON.parse(documentText) as { version?: unknown }).version;
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}

export function createUsbService(s: UsbCore, o: { dataDir: string; platform?: NodeJS.Platform; onCatalogue: () => void }): UsbService {
  const kiosk = kioskSyncDb(s.store, s.deviceId);
  const platform = o.platform ?? process.platform;
  const known = (path: string): boolean => findSticks(platform, s.settings.get().usbMountRoot).paths.includes(path);
  let carried: { submissions: number; openBatches: number; approxBytes: number } | null = null;
  // One stick job at a time: a second click waits for the first (and never writes beside it).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  function view(path: string): UsbStickView {
    const others = stickDevices(path).filter((d) => d !== s.deviceId).length;
    const mine = deviceDir(path, s.deviceId);
    const base: UsbStickView = {
      path,
      label: basename(path) || path,
      prepared: existsSync(join(path, STICK_ROOT, 'hub.json')),
      exported: existsSync(join(mine, MANIFEST_FILE)) && !existsSync(join(mine, ANSWER_FILE)),
      otherDevices: others,
      answer: null,
      relay: peekRelayReceipt(kiosk, path),
      problem: null,
    };
    if (!existsSync(join(mine, ANSWER_FILE))) return base;
    try {
      const { answer, digest } = readAnswer(kiosk, path);
      const applied = kiosk.sync.getState<string[]>('usb:answers') ?? [];
      return {
        ...base,
        answer: {
          acks: answer.acks.length,
          submissions: answer.acks.reduce((n, a) => n + a.ack.accepted.length + a.ack.duplicate.length + a.ack.rejected.length, 0),
          statuses: answer.statuses.items.length,
          catalogue: answer.catalogue ? catalogueVersion(answer.catalogue.document) : null,
          release: answer.release?.version ?? null,
          failed: answer.failed.length,
          alreadyApplied: applied.includes(digest),
        },
      };
    } catch (err) {
      if (!(err instanceof UsbError)) throw err;
      return { ...base, problem: { reason: usbReason(err.message), message: err.message } };
    }
  }

  function checkPath(path: string): void {
    if (!known(path)) throw new ApiFailure('usb_refused', `${path} is not a stick under the mount root ${s.settings.get().usbMountRoot}`, { reason: 'not_mounted' });
  }

  return {
    overview() {
      const found = findSticks(platform, s.settings.get().usbMountRoot);
      const submissions = kiosk.sync.backlog();
      if (carried?.submissions !== submissions) {
        // Read the outbox again only when the backlog moved: the screen asks every two seconds.
        let approxBytes = 0;
        const open = kiosk.sync.openBatches();
        for (const b of open) approxBytes += b.body.length;
        // Unbatched submissions count at their stored size, photos included: an upper bound (the stick gets them compressed).
        for (const row of kiosk.sync.due(new Date(8.64e15).toISOString())) approxBytes += row.payload.length + (row.att_data?.length ?? 0);
        carried = { submissions, openBatches: open.length, approxBytes };
      }
      return { mountRoot: found.mountRoot, sticks: found.paths.map(view), carry: { ...carried, statusMoves: kiosk.statusOutbox.due(10_000).length } };
    },

    export: (path, first = {}) =>
      serial(async () => {
        checkPath(path);
        const settings = s.settings.get();
        try {
          const r = await exportToStick({
            kiosk,
            to: path,
            appVersion: s.version,
            platform: platform === 'win32' ? 'win' : 'linux',
            officeCode: settings.officeCode,
            hubFingerprint: first.hubFingerprint ?? null,
            enrolmentCode: first.enrolmentCode ?? null,
            onProgress: (p) => s.events.emit('usb:progress', { path, ...p }),
          });
          // Each file was fsynced as it was written; the folders too, so a pulled stick keeps them.
          for (const dir of [deviceDir(path, s.deviceId), join(path, STICK_ROOT, 'devices'), join(path, STICK_ROOT), path]) syncDir(dir);
          s.log.info('usb export written', { path, batches: r.batches, submissions: r.submissions, bytes: r.bytes });
          return { submissions: r.submissions, batches: r.batches, bytes: r.bytes, reused: r.reused, statusMoves: r.statusUpdates, safeToRemove: true as const };
        } catch (err) {
          s.log.warn('usb export refused', { path, error: err });
          return refused(err);
        }
      }),

    import: (path) =>
      serial(async () => {
        checkPath(path);
        const agencies = s.catalogue.get().agencies.map((a) => a.id);
        // Back from the kecamatan relay before the hub answered: only its receipt, "di kecamatan".
        if (!existsSync(join(deviceDir(path, s.deviceId), ANSWER_FILE))) {
          const atRelay = applyRelayReceipt(kiosk, path);
          if (atRelay && atRelay.batches > 0) {
            s.log.info('usb relay receipt applied', { path, relayId: atRelay.relayId, batches: atRelay.batches });
            return { ...NOTHING_APPLIED, atRelay };
          }
        }
        let r;
        try {
          r = importFromStick({
            kiosk,
            from: path,
            validateCatalogue: (doc) => validateHubCatalogue(doc, agencies),
            onCatalogue: (doc) => {
              writeHubCatalogue(join(o.dataDir, 'catalogue-hub'), doc);
              o.onCatalogue();
            },
            onChanged: (ids) => {
              for (const id of ids) s.events.emit('submissions:changed', { id });
            },
          });
        } catch (err) {
          s.log.warn('usb import refused', { path, error: err });
          return refused(err);
        }
        const out: UsbImportResult = {
          alreadyApplied: r.alreadyApplied,
          delivered: r.delivered,
          parked: r.parked,
          statuses: r.statuses,
          statusMoves: r.statusUpdates,
          catalogue: r.catalogue,
          catalogueRefused: r.catalogueRefused,
          failed: r.failed.map((f) => ({ batchId: f.batchId, reason: usbReason(f.message), message: f.message })),
          release: null,
          // Batches of a later export the relay holds (the answer is for an earlier one).
          atRelay: nonEmpty(applyRelayReceipt(kiosk, path)),
        };
        if (r.release && !r.alreadyApplied) {
          const rel = await installFromStick({ release: r.release, answerDir: r.dir, updatesDir: join(o.dataDir, 'updates'), currentVersion: s.version, releaseKey: s.updates.releaseKey, log: s.log.child('usb') });
          out.release = { version: rel.version, state: rel.state, reason: 'reason' in rel ? rel.reason : null };
        }
        s.log.info('usb answer applied', { path, delivered: out.delivered, statuses: out.statuses, alreadyApplied: out.alreadyApplied });
        return out;
      }),
  };
}

