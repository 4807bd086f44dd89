// The sync benchmark's rig: a hub (SQLite or PostgreSQL) and an enrolled kiosk with records
// imported, and the smallest encoding of what must travel (the physical limit's bytes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';

const D = '../../dist/node/main';
const { openHubStore } = await import(`${D}/hub/open.js`);
const { startHubServer } = await import(`${D}/hub/server.js`);
const { createLogger } = await import(`${D}/log.js`);
const { SyncEngine } = await import(`${D}/sync/engine.js`);
const { openKioskFile } = await import(`${D}/sync/kiosk-db.js`);
const { parseImportLine } = await import(`${D}/sync/records.js`);

export const quiet = createLogger('bench', () => {});

/** The smallest encoding we can find of what must travel: records (best of brotli-11 and zstd-22) + attachments. */
export function bestCompressed(lines) {
  const texts = [];
  let att = 0;
  for (const l of lines) {
    const r = parseImportLine(l, '');
    texts.push(r.text);
    if (r.attachment) {
      const a = r.attachment.data;
      const b = zlib.brotliCompressSync(a, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
      att += Math.min(a.length, b.length);
    }
  }
  const raw = Buffer.from(texts.join('\n'));
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }).length;
  const zs = zlib.zstdCompressSync(raw, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 22, [zlib.constants.ZSTD_c_windowLog]: 24 } }).length;
  return { bytes: Math.min(br, zs) + att, raw: raw.length };
}

export async function setup(target, lines) {
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-'));
  const store = await openHubStore(target ?? join(dir, 'hub.sqlite'));
  const hub = await startHubServer({ store, port: 0, log: quiet, enrolment: 'open' });
  const kiosk = openKioskFile(join(dir, 'kiosk.sqlite'));
  // An enrolled kiosk (enrolment happens once, at installation).
  const warm = new SyncEngine({ kiosk, upstream: hub.url, log: quiet });
  await warm.runOnce();
  await warm.stop();
  const now = new Date().toISOString();
  kiosk.transaction(() => {
    for (const l of lines) kiosk.sync.importRecord(parseImportLine(l, now));
  });
  return {
    dir,
    store,
    hub,
    kiosk,
    async close() {
      kiosk.close();
      await hub.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

