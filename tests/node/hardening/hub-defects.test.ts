import { createHash, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubServer } from '../../../main/hub/server.js';
import { join } from 'node:path';
import { SyncEngine } from '../../../main/sync/engine.js';
import { openKioskFile } from '../../../main/sync/kiosk-db.js';
import { encodeBatch } from '../../../main/sync/batch.js';
import { HubClient } from '../../../main/sync/client.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { exportLine, ImportLineError, parseImportLine } from '../../../main/sync/records.js';
import { runCli } from '../../helpers/cli.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet, rig, type Rig } from '../sync/harness.js';

function post(port: number, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((done, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (const backend of BACKENDS) {
  describe(`hub defects of issue 14 (${backend.name})`, () => {
    let r: Rig | undefined;
    afterEach(async () => {
      await r?.close();
      r = undefined;
    });

    it('defect 2: a record whose id or number holds \\u0000 or a lone surrogate is refused by itself; the rest of the backlog goes through', async () => {
      r = await rig(backend);
      const good = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: randomUUID(), registrationNo: `OK-${i}`, nama: 'SITI' }));
      const nul = JSON.stringify({ id: randomUUID(), registrationNo: 'BAD\u0000NUL', nama: 'X' });
      const lone = `{"id":"${randomUUID()}","registrationNo":"BAD\\ud800","nama":"Y"}`;
      r.importLines([...good.slice(0, 25), nul, lone, ...good.slice(25)]);
      const res = await r.engine().runOnce();
      expect(res.delivered).toBe(50);
      expect(res.parked).toBe(2);
      expect(r.kiosk.sync.parked(10).map((p) => p.reason)).toEqual([expect.stringContaining('cannot store'), expect.stringContaining('cannot store')]);
      expect(r.kiosk.sync.backlog()).toBe(0);
      expect(await r.store.count()).toBe(50);
    });

    let reasonsOf: string[] = [];
    it('defect 9: one UUID in another letter case is refused as the same submission; a registration number held by another is refused', async () => {
      r = await rig(backend);
      const id = randomUUID();
      r.importLines([JSON.stringify({ id, registrationNo: 'REG-1', n: 1 })]);
      await r.engine().runOnce();
      // This kiosk itself refuses the same UUID in another case; a second kiosk that holds it is refused by the hub.
      expect(() => r!.importLines([JSON.stringify({ id: id.toUpperCase(), n: 1 })])).toThrow(/already exists in this store as/);
      const other = openKioskFile(join(r.dir, 'kiosk-2.sqlite'));
      try {
        const now = new Date().toISOString();
        for (const l of [JSON.stringify({ id: id.toUpperCase(), registrationNo: 'REG-2', n: 1 }), JSON.stringify({ id: randomUUID(), registrationNo: 'REG-1', n: 2 })]) {
          other.sync.importRecord(parseImportLine(l, now));
        }
        const res = await new SyncEngine({ kiosk: other, upstream: r.hub.url, log: quiet }).runOnce();
        expect(res.parked).toBe(2);
        reasonsOf = other.sync.parked(10).map((p) => p.reason ?? '');
      } finally {
        other.close();
      }
      const reasons = reasonsOf;
      expect(reasons.some((x) => x.includes('another letter case'))).toBe(true);
      expect(reasons.some((x) => x.includes('REG-1 is held by another submission'))).toBe(true);
      expect(await r.store.count()).toBe(1);
      const set = await runCli(['hub', 'status', 'set', 'REG-1', 'processing', '--db', r.target]);
      expect(set.code).toBe(0);
      expect((await r.store.getSubmission(id))!.status).toBe('processing');
    });

    it('defect 10: an unfinished signed upload is dropped after its age; export keeps an attachment object\'s key order', async () => {
      r = await rig(backend);
      await r.store.startStaging({ batchId: randomUUID(), deviceId: 'dev-x', total: 100, digest: 'a'.repeat(64) }, '2026-01-01T00:00:00.000Z');
      expect(await r.store.dropStaleStaging('2026-06-01T00:00:00.000Z')).toBe(1);
      expect(await r.store.dropStaleStaging('2026-06-01T00:00:00.000Z')).toBe(0);
      // The hub server sweeps by itself (at start, then hourly): an upload older than its age is gone.
      const old = new Date(Date.now() - 8 * 24 * 3600_000).toISOString();
      const fresh = new Date(Date.now() - 3600_000).toISOString();
      await r.store.startStaging({ batchId: randomUUID(), deviceId: 'dev-x', total: 100, digest: 'b'.repeat(64) }, old);
      await r.store.startStaging({ batchId: randomUUID(), deviceId: 'dev-x', total: 100, digest: 'c'.repeat(64) }, fresh);
      const lines: string[] = [];
      const { createLogger } = await import('../../../main/log.js');
      const swept = await startHubServer({ store: r.store, port: 0, log: createLogger('test', (l) => void lines.push(l)), enrolment: 'code' });
      for (let i = 0; i < 100 && !lines.some((l) => l.includes('dropped unfinished uploads')); i++) await new Promise((ok) => setTimeout(ok, 20));
      await swept.close();
      expect(lines.find((l) => l.includes('dropped unfinished uploads'))).toContain('"count":1');
      expect(await r.store.dropStaleStaging(new Date(Date.now() - 2 * 24 * 3600_000).toISOString())).toBe(0); // the old one is gone
      expect(await r.store.dropStaleStaging(new Date(Date.now() + 60_000).toISOString())).toBe(1); // the fresh one was kept
      const line = `{"id":"${randomUUID()}","attachment":{"name":"ktp.jpg","data_b64":"${Buffer.from('foto').toString('base64')}","content_type":"image/jpeg","length":4},"z":1}`;
      r.importLines([line]);
      await r.engine().runOnce();
      const out: string[] = [];
      await r.store.exportAll((s) => out.push(exportLine(s.text, s.attachment?.data ?? null, {})));
      expect(out[0]).toBe(`${line.slice(0, -1)},"_hub":{}}`);
    });

    it('defect 16 (fuzz seed 638761814): an attachment length that cannot be made text is refused with that record alone, not as a hub failure', async () => {
      r = await rig(backend);
      r.importLines([JSON.stringify({ id: randomUUID(), registrationNo: 'REG-E', nama: 'ENROL' })]);
      expect((await r.engine().runOnce()).delivered).toBe(1); // enrols the device
      const id = randomUUID();
      // An object whose toString is null: String() of it throws, which once answered the whole batch 503 "busy".
      const hostile = JSON.stringify({ id, registrationNo: 'REG-H', nama: 'SITI', attachment: { name: 'ktp.jpg', content_type: 'image/jpeg', length: { '': true, toString: null } } });
      const good = JSON.stringify({ id: randomUUID(), registrationNo: 'REG-G', nama: 'BUDI' });
      const batchId = randomUUID();
      const batch = await encodeBatch([{ id: 'x', text: hostile, attachment: Buffer.from([1, 2, 3, 4]) }, { id: 'y', text: good, attachment: null }], r.kiosk.deviceId, 'fast', batchId);
      const client = new HubClient(r.hub.url, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync), 10_000);
      try {
        const body = Buffer.from(batch.body);
        const ack = await client.putBatch(batchId, body, createHash('sha256').update(body).digest('hex'), 0);
        if (!('accepted' in ack)) throw new Error('expected a full ack');
        expect(ack.rejected).toEqual([{ id, reason: 'attachment length an object does not match its 4 bytes' }]);
        expect(ack.accepted).toHaveLength(1);
      } finally {
        client.close();
      }
      expect(await r.store.count()).toBe(2);
      // The kiosk's own import says the same in English, as a refused line.
      const line = JSON.stringify({ id: randomUUID(), attachment: { data_b64: 'AQID', length: { toString: null } } });
      expect(() => parseImportLine(line, new Date().toISOString())).toThrow(new ImportLineError('attachment length an object but data_b64 holds 3 bytes'));
    });
  });
}

describe('hub HTTP defects of issue 14', () => {
  it('defect 7: an oversized body gets a 413 answer; defect 8: open enrolment is refused off loopback and loud on it', async () => {
    const backend = BACKENDS[0]!;
    const f = await backend.fresh();
    const store = await f.open();
    const logged: string[] = [];
    const { createLogger } = await import('../../../main/log.js');
    const log = createLogger('test', (l) => void logged.push(l));
    const hub = await startHubServer({ store, port: 0, log, enrolment: 'open' });
    try {
      expect(logged.some((l) => l.includes('OPEN ENROLMENT'))).toBe(true);
      const big = await post(hub.port, '/v1/devices/enrol', Buffer.alloc(2_000_000, 0x20));
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'too_large' } });
      await expect(startHubServer({ store, port: 0, host: '0.0.0.0', log: quiet, enrolment: 'open' })).rejects.toThrow(/open enrolment is refused on a non-loopback address/);
      const cli = await runCli(['hub', 'serve', '--host', '0.0.0.0', '--port', '0', '--db', f.target], { ANJUNGAN_ENROLMENT: 'open' });
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain('refused');
      // The bearer admin API is gone (issue 13): no route, and hub serve refuses the old flag.
      for (const t of ['x', 'rahasia-token']) {
        const r = await post(hub.port, '/v1/admin/status', Buffer.from('{"key":"x","status":"done"}'), { authorization: `Bearer ${t}` });
        expect(r.status).toBe(404);
      }
      const old = await runCli(['hub', 'serve', '--port', '0', '--db', f.target, '--admin-token', 'rahasia-token']);
      expect(old.code).toBe(2);
      expect(old.stderr).toMatch(/admin-token/);
    } finally {
      await hub.close();
      await store.close();
      await f.cleanup();
    }
    expect(createHash('sha256').update('x').digest('hex')).toHaveLength(64);
  });
});
