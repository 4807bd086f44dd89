import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DesaCode } from '../../../shared/domain/settings.js';
import { CatalogueDocument, MAX_INFLATED_BYTES } from '../../../shared/sync/protocol.js';
import { readCatalogue } from '../../catalogue/catalogue-service.js';
import { validateHubCatalogue, writeHubCatalogue } from '../../catalogue/hub-catalogue.js';
import { APP_VERSION } from '../../core/version.js';
import { openStoreFile } from '../../db/store.js';
import { createLogger } from '../../log.js';
import { CATALOGUE_DIR } from '../../paths.js';
import { kioskSyncDb, type KioskSyncDb } from '../../sync/kiosk-db.js';
import { UsbError } from '../../usb/errors.js';
import { importStick } from '../../usb/hub-import.js';
import { exportToStick, type UsbProgress } from '../../usb/kiosk-export.js';
import { importFromStick } from '../../usb/kiosk-import.js';
import { applyRelayReceipt } from '../../usb/relay-receipt.js';
import { installFromStick } from '../../usb/release-from-stick.js';
import { deviceDir } from '../../usb/stick.js';
import { ANSWER_FILE } from '../../../shared/usb/format.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { DB_HELP, withHubStore } from './hub-common.js';

function fmtBytes(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`;
}

/** The stick's progress bar on stderr (a line on a TTY; a few plain lines otherwise). */
export function usbProgressPrinter(tty: boolean, write: (s: string) => void): (p: UsbProgress) => void {
  let last = 0;
  return (p) => {
    const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : p.phase === 'done' ? 1 : 0;
    const text = `${fmtBytes(p.bytesDone)}/${fmtBytes(p.bytesTotal)}  ${p.filesDone}/${p.filesTotal} files  [${p.phase}]`;
    if (tty) write(`\r[${'#'.repeat(Math.round(frac * 24)).padEnd(24, '.')}] ${text}\x1b[K${p.phase === 'done' ? '\n' : ''}`);
    else if (p.phase === 'done' || Date.now() - last > 2000) {
      last = Date.now();
      write(`usb: ${text}\n`);
    }
  };
}

/** A kiosk SQLite file as the CLI opens it, with the office code its settings hold. */
function openKiosk(path: string): { kiosk: KioskSyncDb; officeCode: string } {
  const store = openStoreFile(path);
  const kiosk = kioskSyncDb(store, store.device.ensure(randomUUID), () => store.close());
  const code = DesaCode.safeParse(store.settings.readAll()['officeCode']);
  return { kiosk, officeCode: code.success ? code.data : '36.04.05.2001' };
}

function stderrLine(cmd: string, message: string): void {
  process.stderr.write(`anjungan ${cmd}: ${message}\n`);
}

export const usbExportCommand: Command = {
  name: 'usb export',
  summary: 'write everything pending onto a USB stick, sealed to the hub',
  usage: `anjungan usb export --db KIOSK.sqlite --to DIR [--hub-fingerprint F] [--enrolment-code CODE]

  --db PATH               the kiosk's SQLite file
  --to DIR                the stick's mount point
  --hub-fingerprint F     trust the hub file on the stick (a device that never met its hub), or choose a hub
  --enrolment-code CODE   one-time code from \`anjungan hub enrol\` (a device that never reached its hub)
  --label TEXT            the device's name at the hub (with --enrolment-code)

The pending submissions travel as the same signed batches a link would carry, sealed to the
hub's X25519 key; nothing is marked delivered until \`anjungan usb import\` applies the hub's
answer. Exit 0 written; 1 not written (the reason on stderr, the stick as it was).`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' }, to: { type: 'string' }, 'hub-fingerprint': { type: 'string' }, 'enrolment-code': { type: 'string' }, label: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db || !values.to) throw new UsageError('--db and --to are required');
    const { kiosk, officeCode } = openKiosk(resolve(values.db));
    try {
      const r = await exportToStick({
        kiosk,
        to: resolve(values.to),
        appVersion: APP_VERSION,
        platform: process.platform === 'win32' ? 'win' : 'linux',
        officeCode,
        hubFingerprint: values['hub-fingerprint'] ?? null,
        enrolmentCode: values['enrolment-code'] ?? null,
        label: values.label ?? null,
        onProgress: usbProgressPrinter(Boolean(process.stderr.isTTY), (s) => process.stderr.write(s)),
      });
      process.stdout.write(`exported ${r.submissions} submissions in ${r.batches} batches (${r.bytes} bytes, ${r.reused} already on the stick), ${r.statusUpdates} status moves, for hub ${r.hubFingerprint}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof UsbError) && (err as { code?: string }).code !== 'ENOSPC') throw err;
      stderrLine('usb export', err instanceof UsbError ? err.message : 'the stick is full; the earlier export on it is unchanged');
      return 1;
    } finally {
      kiosk.close();
    }
  },
};

export const usbImportCommand: Command = {
  name: 'usb import',
  summary: "apply the hub's answer from a USB stick (acks, statuses, catalogue, update)",
  usage: `anjungan usb import --db KIOSK.sqlite --from DIR

  --db PATH    the kiosk's SQLite file (its folder holds catalogue-hub/ and updates/)
  --from DIR   the stick's mount point

Verifies the hub's signature, then marks the acknowledged submissions delivered, applies the
statuses and a newer signed catalogue, and stages a newer signed release for install.
A stick back from a kecamatan relay (\`anjungan relay usb-import\`) may also carry the relay's
receipt: the batches it holds are shown "di kecamatan" and stay pending until the hub's answer.
Exit 0 applied (or already applied before); 1 nothing applied (the reason on stderr);
3 applied (or only the relay's receipt), but some batches did not reach the hub yet and stay
pending: refused on the way (they ride on the next stick) or held at the kecamatan relay.`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' }, from: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db || !values.from) throw new UsageError('--db and --from are required');
    const db = resolve(values.db);
    const data = dirname(db);
    const { kiosk } = openKiosk(db);
    const agencies = readCatalogue([CATALOGUE_DIR]).agencies.map((a) => a.id);
    const from = resolve(values.from);
    try {
      // A stick back from the kecamatan relay before the hub answered: its receipt, "di kecamatan".
      if (!existsSync(join(deviceDir(from, kiosk.deviceId), ANSWER_FILE))) {
        const rc = applyRelayReceipt(kiosk, from);
        if (rc && rc.batches > 0) {
          process.stdout.write(`at the kecamatan relay ${rc.relayId} since ${rc.at}: ${rc.batches} batches (di kecamatan); they stay pending until the hub's answer comes back on a later stick\n`);
          return 3;
        }
      }
      const r = importFromStick({
        kiosk,
        from,
        validateCatalogue: (doc) => validateHubCatalogue(doc, agencies),
        onCatalogue: (doc) => writeHubCatalogue(join(data, 'catalogue-hub'), doc),
      });
      // Batches of a later export the relay holds (the answer is for an earlier one): "di kecamatan".
      const rc = applyRelayReceipt(kiosk, from);
      const atRelay = rc && rc.batches > 0 ? `; ${rc.batches} more batches at the kecamatan relay ${rc.relayId} (di kecamatan)` : '';
      if (r.alreadyApplied) {
        process.stdout.write(`this answer was already applied (an old stick played back): nothing changed${atRelay}\n`);
        return atRelay ? 3 : 0;
      }
      const parts = [`delivered ${r.delivered}`, `parked ${r.parked}`, `statuses ${r.statuses}`, `status moves ${r.statusUpdates}`];
      if (r.catalogue !== null) parts.push(`catalogue v${r.catalogue}`);
      if (r.stale) parts.push(`${r.stale} acks already applied`);
      if (r.release) {
        const rel = await installFromStick({ release: r.release, answerDir: r.dir, updatesDir: join(data, 'updates'), currentVersion: APP_VERSION, log: createLogger('usb') });
        parts.push(rel.state === 'ready' ? `update ${rel.version} ready to install` : `update ${r.release.version} ${rel.state}${'reason' in rel ? `: ${rel.reason}` : ''}`);
      }
      process.stdout.write(`${parts.join(', ')}${atRelay}\n`);
      if (r.catalogueRefused) stderrLine('usb import', `the catalogue on the stick was refused: ${r.catalogueRefused}`);
      for (const f of r.failed) stderrLine('usb import', `batch ${f.batchId} did not reach the hub (${f.code}: ${f.message}); it stays pending for the next stick`);
      return r.failed.length || atRelay ? 3 : 0;
    } catch (err) {
      if (!(err instanceof UsbError)) throw err;
      stderrLine('usb import', err.message);
      return 1;
    } finally {
      kiosk.close();
    }
  },
};

export const hubUsbImportCommand: Command = {
  name: 'hub usb-import',
  summary: "ingest every device's batches from a USB stick and write each device's answer back",
  usage: `anjungan hub usb-import [--db TARGET] --from DIR [--catalogue FILE]

  ${DB_HELP}
  --from DIR        the stick's mount point
  --catalogue FILE  a {version, services:[...]} JSON file (as for hub serve), when the console publishes none

Every batch goes through the same rules as an HTTP upload (device signature, digest, caps,
stored at most once). Per device it writes a hub-signed answer: acks, statuses, the catalogue
if newer, the newest signed release if the device is behind. Also writes anjungan/hub.json
(the hub's public keys) so a stick can prepare a new device. Exit 0 everything taken; 1 some
device folder or batch was refused (each reason on stderr; the rest was taken).`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' }, from: { type: 'string' }, catalogue: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.from) throw new UsageError('--from is required');
    const from = resolve(values.from);
    const file = values.catalogue ? resolve(values.catalogue) : null;
    const log = createLogger('hub');
    return withHubStore(values.db, async (store) => {
      const catalogue = store.console.catalogue(async () => {
        if (!file) return null;
        const doc = CatalogueDocument.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        if (!doc.success) throw new UsageError(`${file} is not a {version, services} document`);
        return doc.data;
      });
      const r = await importStick({ store, from, catalogue, log, maxInflated: MAX_INFLATED_BYTES });
      let bad = 0;
      for (const d of r.devices) {
        if (d.error) {
          bad++;
          stderrLine('hub usb-import', `device ${d.deviceId}: refused: ${d.error}`);
          continue;
        }
        const extra = [d.catalogue !== null ? `, catalogue v${d.catalogue}` : '', d.release ? `, release ${d.release}` : ''].join('');
        process.stdout.write(`device ${d.deviceId}: accepted ${d.accepted}, duplicate ${d.duplicate}, rejected ${d.rejected}, replayed ${d.replayed}, failed ${d.failed.length}, statuses ${d.statuses}${extra}\n`);
        for (const f of d.failed) {
          bad++;
          stderrLine('hub usb-import', `device ${d.deviceId}: batch ${f.batchId} not taken: ${f.message}`);
        }
      }
      process.stdout.write(`hub ${r.hub.fingerprint}: ${r.devices.length} device folder(s) on the stick\n`);
      return bad ? 1 : 0;
    });
  },
};
