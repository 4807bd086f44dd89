import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_INFLATED_BYTES, type CatalogueDocument } from '../../../shared/sync/protocol.js';
import type { HubStore } from '../../../main/hub/store.js';
import { openKioskFile, type KioskSyncDb } from '../../../main/sync/kiosk-db.js';
import { exportLine, parseImportLine } from '../../../main/sync/records.js';
import { importStick } from '../../../main/usb/hub-import.js';
import { exportToStick, type ExportOptions } from '../../../main/usb/kiosk-export.js';
import { importFromStick, type ImportOptions } from '../../../main/usb/kiosk-import.js';
import { hubFingerprint } from '../../../main/usb/hub-choice.js';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import type { Backend } from '../hub/backends.js';
import { canonical, quiet } from '../sync/harness.js';
import { tempDir } from '../../helpers/tmp.js';

export const lines = (n: number, seed = 1, photoKb: [number, number] | null = null): string[] => makeJsonl(n, { seed, photoKb }) as string[];

/** One hub (a real database), one or more kiosks (real SQLite files), and a folder standing for the stick. */
export interface StickRig {
  dir: string;
  stick: string;
  target: string;
  store: HubStore;
  kiosk(name?: string): KioskSyncDb;
  fill(k: KioskSyncDb, input: string[]): void;
  /** The hub's fingerprint, after it first met a stick. */
  fingerprint(): Promise<string>;
  hubImport(catalogue?: CatalogueDocument | null): ReturnType<typeof importStick>;
  exportTo(k: KioskSyncDb, extra?: Partial<ExportOptions>): ReturnType<typeof exportToStick>;
  importFrom(k: KioskSyncDb, extra?: Partial<ImportOptions>): ReturnType<typeof importFromStick>;
  /** An enrolment code, valid an hour. */
  code(): Promise<string>;
  close(): Promise<void>;
}

export async function stickRig(backend: Backend): Promise<StickRig> {
  const tmp = tempDir('anjungan-usb-');
  const f = await backend.fresh();
  const store = await f.open();
  const stick = join(tmp.dir, 'stick');
  mkdirSync(stick);
  const kiosks = new Map<string, KioskSyncDb>();
  let n = 0;
  return {
    dir: tmp.dir,
    stick,
    target: f.target,
    store,
    kiosk(name = 'kiosk') {
      let k = kiosks.get(name);
      if (!k) kiosks.set(name, (k = openKioskFile(join(tmp.dir, `${name}.sqlite`))));
      return k;
    },
    fill(k, input) {
      const now = new Date().toISOString();
      for (const l of input) k.sync.importRecord(parseImportLine(l, now));
    },
    async fingerprint() {
      return hubFingerprint((await store.hubIdentity()).signingKey);
    },
    hubImport(catalogue = null) {
      return importStick({ store, from: stick, catalogue: store.console.catalogue(async () => catalogue), log: quiet, maxInflated: MAX_INFLATED_BYTES });
    },
    exportTo(k, extra = {}) {
      return exportToStick({ kiosk: k, to: stick, appVersion: '0.1.0', platform: 'linux', officeCode: '36.04.05.2001', ...extra });
    },
    importFrom(k, extra = {}) {
      return importFromStick({ kiosk: k, from: stick, ...extra });
    },
    async code() {
      const { hashEnrolmentCode } = await import('../../../main/hub/enrolment-code.js');
      const code = `CODE-${++n}-${Date.now()}`;
      await store.addEnrolmentCode(hashEnrolmentCode(code), null, new Date().toISOString(), new Date(Date.now() + 3600_000).toISOString());
      return code;
    },
    async close() {
      for (const k of kiosks.values()) k.close();
      await store.close();
      await f.cleanup();
      tmp.cleanup();
    },
  };
}

/** A kiosk that has met its hub on a stick: the hub file adopted by fingerprint, enrolled by code on the first trip. */
export async function firstTrip(r: StickRig, k: KioskSyncDb): Promise<void> {
  await r.hubImport();
  await r.exportTo(k, { hubFingerprint: await r.fingerprint(), enrolmentCode: await r.code() });
  await r.hubImport();
  r.importFrom(k);
}

export function writeCatalogueFile(dir: string, doc: CatalogueDocument): string {
  const file = join(dir, 'catalogue.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** What the hub holds, as sorted canonical export lines without the hub's own fields (to compare with what went in). */
export async function hubLines(r: StickRig): Promise<string[]> {
  const out: string[] = [];
  await r.store.exportAll((s) => {
    const obj = JSON.parse(exportLine(s.text, s.attachment?.data ?? null, {})) as Record<string, unknown>;
    delete obj['_hub'];
    out.push(canonical(obj));
  });
  return out.sort();
}
