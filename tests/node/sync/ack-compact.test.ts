import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
// @ts-expect-error plain JS helpers shared with the benchmark
import { startLink } from '../../bench/link-emulator.mjs';
import { encodeBatch } from '../../../main/sync/batch.js';
import { HubClient } from '../../../main/sync/client.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { ackVerdict, resolveAck } from '../../../main/sync/ack-verify.js';
import { SyncEngine } from '../../../main/sync/engine.js';
import { openKioskFile } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { isCompactAck, type CompactAck } from '../../../shared/sync/ack-compact.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet, rig, sortedLines, type Rig } from './harness.js';

/**
 * The compact batch ack (shared/sync/ack-compact.ts) against a real hub: the kiosk asks for it,
 * expands it against the batch it built, and refuses one that does not match; a kiosk that does
 * not ask gets the full ack as before.
 */
const lines = (n: number, seed: number): string[] => makeJsonl(n, { seed }) as string[];
const idOf = (l: string): string => (JSON.parse(l) as { id: string }).id;

/** An HTTP proxy in front of the hub that rewrites compact acks on the way down (a hostile carrier). */
async function tamperingProxy(hubPort: number, change: (a: CompactAck) => CompactAck): Promise<{ url: string; tampered: number; server: Server }> {
  const out = { url: '', tampered: 0, server: null as unknown as Server };
  out.server = createServer((req, res) => {
    const up = request({ host: '127.0.0.1', port: hubPort, path: req.url, method: req.method, headers: req.headers }, (r) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => {
        let body = Buffer.concat(parts);
        try {
          const j = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
          const holder = (j['ack'] ?? j) as Record<string, unknown>;
          if (typeof holder['members'] === 'string') {
            const changed = change(holder as unknown as CompactAck);
            body = Buffer.from(JSON.stringify(j['ack'] ? { ...j, ack: changed } : changed));
            out.tampered++;
          }
        } catch {
          /* not JSON */
        }
        const headers = { ...r.headers, 'content-length': String(body.length) };
        delete headers['transfer-encoding'];
        res.writeHead(r.statusCode ?? 502, headers).end(body);
      });
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => out.server.listen(0, '127.0.0.1', () => r()));
  out.url = `http://127.0.0.1:${(out.server.address() as AddressInfo).port}`;
  return out;
}

for (const backend of BACKENDS) {
  describe(`compact batch ack (${backend.name})`, () => {
    let r: Rig | undefined;
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
      await r?.close();
      r = undefined;
    });

    it('500 submissions: only the exceptions come down, the kiosk expands and applies them; far fewer bytes down than the full ack', async () => {
      r = await rig(backend);
      const input = lines(500, 1);
      // Another device already delivered 3 of them as they are (duplicates) and 2 under the same ids with other content (conflicts).
      const k2 = openKioskFile(join(r.dir, 'k2.sqlite'));
      cleanups.push(() => k2.close());
      const now = new Date().toISOString();
      const altered = input.slice(3, 5).map((l, i) => JSON.stringify({ ...(JSON.parse(l) as object), registrationNo: `LAIN-000${i}` }));
      for (const l of [...input.slice(0, 3), ...altered]) k2.sync.importRecord(parseImportLine(l, now));
      const e2 = new SyncEngine({ kiosk: k2, upstream: r.hub.url, log: quiet });
      cleanups.push(() => e2.stop());
      expect((await e2.syncUntilDone(10_000)).ok).toBe(true);

      /** One pass of `data` through a link that counts bytes, after an enrolment pass of its own. */
      const pass = async (kiosk: ReturnType<typeof openKioskFile>, compactAcks: boolean, data: string[]) => {
        const link = await startLink({ target: { host: '127.0.0.1', port: r!.hub.port }, latencyMs: 0 });
        cleanups.push(() => link.close());
        const engine = new SyncEngine({ kiosk, upstream: link.url, log: quiet, compactAcks, maxBatchBytes: 4 * 1024 * 1024 });
        cleanups.push(() => engine.stop());
        await engine.runOnce();
        const at = new Date().toISOString();
        for (const l of data) kiosk.sync.importRecord(parseImportLine(l, at));
        const before = link.stats.bytesDown as number;
        const res = await engine.runOnce();
        return { res, bytesDown: (link.stats.bytesDown as number) - before };
      };
      const other = (name: string) => {
        const k = openKioskFile(join(r!.dir, name));
        cleanups.push(() => k.close());
        return k;
      };
      const mine = await pass(r.kiosk, true, input);
      expect(mine.res).toMatchObject({ delivered: 498, parked: 2, batches: 1 });
      expect(r.kiosk.sync.counts()).toEqual({ pending: 0, atRelay: 0, delivered: 498, parked: 2 });
      expect(r.kiosk.sync.parked(10).map((p) => p.id).sort()).toEqual(input.slice(3, 5).map(idOf).sort());
      expect(r.kiosk.sync.parked(10)[0]!.reason).toMatch(/^hub rejected: /);
      for (const id of input.slice(0, 3).map(idOf)) expect(r.kiosk.sync.delivery(id)?.step).toBe('delivered');
      expect(r.kiosk.submissions.get(idOf(input[100]!))?.status).toBe('sent');
      expect(await r.store.count()).toBe(500);

      // Bytes down for the same pass, compact against full (an older kiosk): 500 fresh submissions each.
      const a = await pass(other('k3.sqlite'), true, lines(500, 2));
      const b = await pass(other('k4.sqlite'), false, lines(500, 3));
      expect(a.res.delivered).toBe(500);
      expect(b.res.delivered).toBe(500);
      // The full ack lists 500 UUIDs (≈20 KiB); the compact one a count, a digest and a signature.
      expect(b.bytesDown - a.bytesDown).toBeGreaterThan(18_000);
      expect(a.bytesDown).toBeLessThan(b.bytesDown / 4);
    });

    it('a kiosk that does not ask gets the full ack, signed as before; one that asks gets the compact one, signed too', async () => {
      r = await rig(backend);
      const id = deviceIdentity(r.kiosk.deviceId, r.kiosk.sync);
      const old = new HubClient(r.hub.url, id);
      const neu = new HubClient(r.hub.url, id, 10_000, { compactAcks: true });
      cleanups.push(() => old.close(), () => neu.close());
      const keys = await old.enrol(null, null);
      const recs = lines(20, 4).map((l) => ({ id: idOf(l), text: l, attachment: null }));
      const b = await encodeBatch(recs, id.deviceId, 'fast');
      const first = await old.putBatch(b.batch_id, b.body, b.digest, 0);
      expect('accepted' in first && first.accepted.length).toBe(20);
      if (!('batchId' in first) || isCompactAck(first)) throw new Error('expected the full ack');
      expect(ackVerdict(id.deviceId, first, keys)).toEqual({ ok: true });
      // Asked again with the header (a replay): the compact form of the same ack.
      const again = await neu.putBatch(b.batch_id, b.body, b.digest, 0);
      if (!('batchId' in again) || !isCompactAck(again)) throw new Error('expected the compact ack');
      expect(again).toMatchObject({ batchId: b.batch_id, count: 20, duplicate: [], rejected: [], replayed: true });
      const members = recs.map((x) => x.id);
      const resolved = resolveAck(id.deviceId, again, members, keys);
      expect(resolved.ok && new Set(resolved.ack.accepted)).toEqual(new Set(members));
      // Its signature is the hub's: another device's id does not verify, nor does another membership.
      expect(resolveAck('someone-else', again, members, keys)).toMatchObject({ ok: false, error: expect.stringMatching(/compact ack signature does not verify/) });
      expect(resolveAck(id.deviceId, again, members.slice(1), keys)).toMatchObject({ ok: false });
      // The batch state answers the same way.
      expect((await neu.batchState(b.batch_id)).ack).toMatchObject({ count: 20 });
      expect((await old.batchState(b.batch_id)).ack).toMatchObject({ accepted: expect.any(Array) });
    });

    it('a tampered compact ack is refused and nothing is delivered; the kiosk then asks for the full ack and applies that', async () => {
      r = await rig(backend);
      const input = lines(30, 5);
      const victim = idOf(input[7]!);
      // A carrier that turns an accepted submission into a rejected one: count and digest still match, the signature does not.
      const proxy = await tamperingProxy(r.hub.port, (a) => ({ ...a, rejected: [...a.rejected, { id: victim, reason: 'forged' }] }));
      cleanups.push(() => new Promise<void>((res) => proxy.server.close(() => res())));
      const e = r.engine({ upstream: proxy.url });
      await e.runOnce(); // enrol
      r.importLines(input);
      await expect(e.runOnce()).rejects.toThrow(/ack for batch .* refused: the compact ack signature does not verify/);
      expect(proxy.tampered).toBe(1);
      expect(r.kiosk.sync.counts()).toEqual({ pending: 30, atRelay: 0, delivered: 0, parked: 0 });
      // Next pass: the full ack (the proxy leaves it alone), checked by its own signature.
      const again = await e.runOnce();
      expect(again.delivered).toBe(30);
      expect(proxy.tampered).toBe(1);
      expect(r.kiosk.sync.counts()).toEqual({ pending: 0, atRelay: 0, delivered: 30, parked: 0 });
      expect(await r.exportSorted()).toEqual(sortedLines(input));
    });

    it('a compact ack with a wrong count is refused before its signature is looked at', async () => {
      r = await rig(backend);
      const proxy = await tamperingProxy(r.hub.port, (a) => ({ ...a, count: a.count + 1 }));
      cleanups.push(() => new Promise<void>((res) => proxy.server.close(() => res())));
      const e = r.engine({ upstream: proxy.url });
      await e.runOnce();
      r.importLines(lines(5, 6));
      await expect(e.runOnce()).rejects.toThrow(/the compact ack counts 6 submissions, the batch held 5/);
      expect(r.kiosk.sync.counts().delivered).toBe(0);
      expect((await e.runOnce()).delivered).toBe(5);
    });
  });
}
