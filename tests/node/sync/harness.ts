import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startHubServer, type HubServer } from '../../../main/hub/server.js';
import type { HubStore } from '../../../main/hub/store.js';
import { createLogger } from '../../../main/log.js';
import { SyncEngine, type SyncEngineOptions } from '../../../main/sync/engine.js';
import { openKioskFile, type KioskSyncDb } from '../../../main/sync/kiosk-db.js';
import { exportLine, parseImportLine } from '../../../main/sync/records.js';
import type { Backend } from '../hub/backends.js';
import { tempDir } from '../../helpers/tmp.js';

export const quiet = createLogger('test', () => {});

export interface Rig {
  dir: string;
  target: string;
  store: HubStore;
  hub: HubServer;
  kiosk: KioskSyncDb;
  engine(extra?: Partial<SyncEngineOptions>): SyncEngine;
  importLines(lines: string[]): void;
  exportSorted(): Promise<string[]>;
  close(): Promise<void>;
}

export async function rig(backend: Backend, hubOpts: { maxBatchBytes?: number; adminToken?: string; catalogueFile?: string } = {}): Promise<Rig> {
  const tmp = tempDir('anjungan-sync-');
  const f = await backend.fresh();
  const store = await f.open();
  const hub = await startHubServer({ store, port: 0, log: quiet, enrolment: 'open', ...hubOpts });
  const kiosk = openKioskFile(join(tmp.dir, 'kiosk.sqlite'));
  const engines: SyncEngine[] = [];
  return {
    dir: tmp.dir,
    target: f.target,
    store,
    hub,
    kiosk,
    engine(extra = {}) {
      const e = new SyncEngine({ kiosk, upstream: hub.url, log: quiet, backoffBaseMs: 20, backoffMaxMs: 200, stallTimeoutMs: 5000, ...extra });
      engines.push(e);
      return e;
    },
    importLines(lines) {
      const now = new Date().toISOString();
      for (const l of lines) kiosk.sync.importRecord(parseImportLine(l, now));
    },
    async exportSorted() {
      const out: string[] = [];
      await store.exportAll((s) => {
        const obj = JSON.parse(exportLine(s.text, s.attachment?.data ?? null, {})) as Record<string, unknown>;
        delete obj['_hub'];
        out.push(canonical(obj));
      });
      return out.sort();
    },
    async close() {
      for (const e of engines) await e.stop();
      kiosk.close();
      await hub.close();
      await store.close();
      await f.cleanup();
      tmp.cleanup();
    },
  };
}

export function canonical(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])])) : x;
  return JSON.stringify(sort(v));
}

export function sortedLines(lines: string[]): string[] {
  return lines.map((l) => canonical(JSON.parse(l))).sort();
}

export function writeJsonl(path: string, lines: string[]): void {
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** A loopback port nobody listens on: a hub that is switched off. */
export async function deadUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
