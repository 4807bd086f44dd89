import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openRelayStore, type RelayStore } from '../../../main/relay/store.js';
import { tempDir } from '../../helpers/tmp.js';

/** Relay migration 20 (sticks carried up) and its queries, on a real SQLite file. */
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const file = (name: string, text: string) => {
  const data = Buffer.from(text);
  return { f: { name, size: data.length, sha256: sha(data) }, data };
};
const NOTHING = { accepted: 0, duplicate: 0, rejected: 0, replayed: 0, failed: [], statuses: 0, catalogue: null };

describe('relay migration 20: stick exports held at the relay', () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  let store: RelayStore | undefined;
  afterEach(() => {
    store?.close();
    tmp?.cleanup();
    store = tmp = undefined;
  });

  it('creates the tables; a file is stored once; its bytes go only when no waiting export names it; a new file reopens an answered export', () => {
    tmp = tempDir('anjungan-relay-m20-');
    const path = join(tmp.dir, 'relay.sqlite');
    store = openRelayStore(path);
    const u = store.usb;
    const a = file('a.ajs', 'sealed a');
    const b = file('b.ajs', 'sealed b');
    const manifest = Buffer.from('{"document":"{}","signature":"x"}');
    const e1 = { exportId: '00000000-0000-4000-8000-000000000001', deviceId: 'dev-1', manifest, manifestSha256: sha(manifest) };

    u.putFile('dev-1', a.f, a.data);
    u.putFile('dev-1', a.f, a.data);
    expect(u.fileState('dev-1', 'a.ajs', a.f.sha256)).toBe('held');
    expect(u.fileState('dev-1', 'a.ajs', sha(Buffer.from('other')))).toBe('conflict');
    expect(u.fileState('dev-2', 'a.ajs', a.f.sha256)).toBe('absent');
    expect(u.commitExport({ ...e1, names: ['a.ajs'] })).toEqual({ newExport: true, newParts: 1 });
    expect(u.commitExport({ ...e1, names: ['a.ajs'] })).toEqual({ newExport: false, newParts: 0 });
    expect(u.counts()).toEqual({ exports: 1, files: 1, held: 1 });
    expect(u.waitingCount()).toBe(1);

    // A second export names the same file: answering the first keeps the bytes for the second.
    const e2 = { ...e1, exportId: '00000000-0000-4000-8000-000000000002' };
    u.putFile('dev-1', b.f, b.data);
    u.commitExport({ ...e2, names: ['a.ajs', 'b.ajs'] });
    u.answered(e1.exportId, 'dev-1', { answer: '{"a":1}', hubFile: '{"v":1}', refused: null, outcome: NOTHING });
    expect(u.fileState('dev-1', 'a.ajs', a.f.sha256)).toBe('held');
    u.answered(e2.exportId, 'dev-1', { answer: '{"a":2}', hubFile: '{"v":1}', refused: null, outcome: NOTHING });
    expect(u.fileState('dev-1', 'a.ajs', a.f.sha256)).toBe('dropped');
    expect(u.counts()).toEqual({ exports: 2, files: 2, held: 0 });
    // Only the newest answer is kept for the stick.
    expect(u.latestAnswer('dev-1')?.export_id).toBe(e2.exportId);
    expect(u.latestAnswer('dev-1')?.answer.toString()).toBe('{"a":2}');
    expect(u.waitingCount()).toBe(0);

    // The first export gains a file it lacked (a partial copy made whole): it waits for the hub again, with its bytes back.
    const c = file('c.ajs', 'sealed c');
    u.putFile('dev-1', c.f, c.data);
    u.putFile('dev-1', a.f, a.data);
    expect(u.commitExport({ ...e1, names: ['a.ajs', 'c.ajs'] })).toEqual({ newExport: false, newParts: 1 });
    expect(u.waitingCount()).toBe(1);
    expect(u.parts(e1.exportId).map((p) => p.name)).toEqual(['a.ajs', 'c.ajs']);
    expect(u.data('dev-1', 'a.ajs').equals(a.data)).toBe(true);
    // Another manifest under the same export id is refused.
    expect(() => u.commitExport({ ...e1, manifestSha256: sha(Buffer.from('x')), names: [] })).toThrow(/another manifest/);

    const db = new Database(path, { readonly: true });
    try {
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT export_id FROM relay_usb_exports WHERE done_at IS NULL ORDER BY stored_at, export_id LIMIT 50").all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/relay_usb_exports_waiting/);
      expect(db.pragma('user_version', { simple: true })).toBe(20);
    } finally {
      db.close();
    }
  });
});
