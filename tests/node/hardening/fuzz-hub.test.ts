import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBatch } from '../../../main/sync/batch.js';
import { HubClient, SyncError } from '../../../main/sync/client.js';
import { pullCatalogue, pullStatuses } from '../../../main/sync/downstream.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { catalogueSigningText } from '../../../shared/sync/protocol.js';
import { validateHubCatalogue } from '../../../main/catalogue/hub-catalogue.js';
import { fuzzCase, fuzzSeed, mutate, nastyJsonText, nastyString, nastyValue, prototypeClean, Rng, writeFuzzSummary } from '../../helpers/fuzz.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet, rig } from '../sync/harness.js';

/**
 * Issue 14, fault campaign, the sync boundaries: signed uploads of hostile batches to a real hub
 * on each backend (correctly signed, so they reach the decoder and the store), and hostile hub
 * answers (status pages, catalogues) to the kiosk's HubClient. Invariant: a typed refusal
 * (per record, or a 4xx the kiosk classes as `rejected`), never a 5xx or a retry loop; what the
 * hub held before is unchanged; the hub and the kiosk still work afterwards.
 */
const SEED = fuzzSeed();
const N_UPLOADS = 400;
const N_PAGES = 10_000;
/** The first pages over real HTTP; the rest through the same client with its socket replaced in-process (the parsing and applying are the same code), so 10,000 stay cheap. */
const N_PAGES_HTTP = 2_000;
const summary: Record<string, { inputs: number; failures: number; [k: string]: number }> = {};
afterAll(() => writeFuzzSummary('hub', SEED, summary));

for (const backend of BACKENDS) {
  describe(`fuzz: signed uploads to a real hub (${backend.name}, seed ${SEED})`, { timeout: 180_000 }, () => {
    it(`${N_UPLOADS} hostile batches, each signed by an enrolled device: refused per record or as a batch with a 4xx; stored records untouched`, async () => {
      const r = await rig(backend);
      const rng = new Rng(SEED + (backend.name === 'sqlite' ? 11 : 12));
      try {
        // What the hub holds before: a real backlog, delivered by the engine.
        r.importLines(Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: randomUUID(), registrationNo: `REG-${i}`, nama: 'SITI AMINAH', answers: { a: i } })));
        expect((await r.engine().runOnce()).delivered).toBe(20);
        const before = await storeDigest(r.store);
        const client = new HubClient(r.hub.url, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync), 10_000);
        const outcome = { acked: 0, recordsAccepted: 0, recordsRefused: 0, batchRefused: 0 };
        try {
          for (let i = 0; i < N_UPLOADS; i++) {
            await fuzzCase(SEED, `upload-${backend.name}`, i, async () => {
              const batchId = randomUUID();
              const { body, texts } = await hostileBody(rng, r.kiosk.deviceId, batchId);
              const digest = createHash('sha256').update(body).digest('hex');
              try {
                const ack = await client.putBatch(batchId, body, digest, 0);
                if ('received' in ack) throw new Error(`a whole body was held as partial (${ack.received} of ${body.length})`);
                if (!('accepted' in ack)) throw new Error('a compact ack this client did not ask for');
                outcome.acked++;
                outcome.recordsAccepted += ack.accepted.length + ack.duplicate.length;
                outcome.recordsRefused += ack.rejected.length;
              } catch (err) {
                if (!(err instanceof SyncError)) throw err;
                // A bad batch is the device's fault: refused for good, never "busy" (that would retry for ever).
                expect(err.kind, `${err.code}: ${err.message} for ${JSON.stringify(texts.map((t) => t.slice(0, 200)))}`).toBe('rejected');
                expect(err.status).toBeGreaterThanOrEqual(400);
                expect(err.status).toBeLessThan(500);
                outcome.batchRefused++;
              }
            });
          }
        } finally {
          client.close();
        }
        expect((await storeDigest(r.store, before.ids)).digest).toBe(before.digest);
        // Still answering: a good record goes through after all that.
        r.importLines([JSON.stringify({ id: randomUUID(), registrationNo: 'REG-AFTER', nama: 'BUDI' })]);
        expect((await r.engine().runOnce()).delivered).toBe(1);
        expect(prototypeClean()).toBe(true);
        summary[`hub-upload-${backend.name}`] = { inputs: N_UPLOADS, failures: 0, ...outcome };
      } finally {
        await r.close();
      }
    });
  });
}

describe(`fuzz: hostile hub answers to the kiosk (seed ${SEED})`, { timeout: 180_000 }, () => {
  it(`${N_PAGES} status pages and catalogues: a SyncError or a refusal, never a hang or a crash; the kiosk's data unchanged by a refused page`, async () => {
    const r = await rig(BACKENDS[0]!);
    const rng = new Rng(SEED + 13);
    const keys = generateKeyPairSync('ed25519');
    const hubKeys = { signingKey: Buffer.from(keys.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64'), boxKey: 'x' };
    let answer: { status: number; body: Buffer } = { status: 200, body: Buffer.from('{}') };
    const fake: Server = createServer((_req, res) => void res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body));
    await new Promise<void>((ok) => fake.listen(0, '127.0.0.1', ok));
    const up = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    try {
      const id = randomUUID();
      r.importLines([JSON.stringify({ id, registrationNo: 'REG-1', nama: 'SITI' })]);
      r.kiosk.sync.setState(`hub-keys:${up}`, hubKeys);
      const client = new HubClient(up, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync), 5_000);
      const valid = { items: [{ seq: 1, id, status: 'processing', note: null, at: '2026-12-01T08:00:00.000Z' }], cursor: 1, more: false };
      const counts = { applied: 0, refused: 0, catalogues: 0, cataloguesAdopted: 0 };
      try {
        for (let i = 0; i < N_PAGES; i++) {
          if (i === N_PAGES_HTTP) (client as unknown as { send: () => Promise<unknown> }).send = async () => ({ status: answer.status, headers: {}, body: answer.body });
          await fuzzCase(SEED, 'status-pages', i, async () => {
            const roll = rng.int(0, 9);
            const text = roll < 4 ? JSON.stringify(mutate(rng, valid)) ?? 'null' : roll < 7 ? nastyJsonText(rng, valid) : roll < 8 ? JSON.stringify({ ...valid, more: true, cursor: rng.pick([0, -1, 1]) }) : nastyString(rng);
            answer = { status: rng.bool(0.9) ? 200 : rng.pick([201, 204, 302, 400, 404, 500, 503]), body: Buffer.from(text, 'utf8') };
            const cursorBefore = r.kiosk.sync.getState<number>(`cursor:${up}`) ?? 0;
            const rowBefore = JSON.stringify(r.kiosk.submissions.get(id));
            try {
              await pullStatuses(client, r.kiosk, up);
              counts.applied++;
            } catch (err) {
              if (!(err instanceof SyncError)) throw err;
              counts.refused++;
              // A refused page changes nothing (pages before it in the same pass were applied, as they should).
              if (!text.includes('"more":true')) expect(r.kiosk.sync.getState<number>(`cursor:${up}`) ?? 0).toBe(cursorBefore);
              if (!text.includes('"more":true')) expect(JSON.stringify(r.kiosk.submissions.get(id))).toBe(rowBefore);
            }
            // Catalogues: every fourth case, signed (reaches the schema) or forged.
            if (i % 4 === 0) {
              counts.catalogues++;
              const docText = rng.bool(0.5) ? nastyJsonText(rng, { version: 1000 + i, services: [] }) : JSON.stringify(nastyValue(rng)) ?? 'null';
              const env = { document: docText, signature: sign(null, Buffer.from(catalogueSigningText(docText)), keys.privateKey).toString('base64') };
              answer = { status: 200, body: Buffer.from(JSON.stringify(rng.bool(0.7) ? env : mutate(rng, env)) ?? 'null') };
              let adopted = false;
              try {
                await pullCatalogue(client, r.kiosk, up, quiet, { validateCatalogue: (doc) => validateHubCatalogue(doc), onCatalogue: () => void (adopted = true) });
              } catch (err) {
                if (!(err instanceof SyncError)) throw err;
              }
              if (adopted) counts.cataloguesAdopted++;
            }
          });
        }
      } finally {
        client.close();
      }
      expect(counts.cataloguesAdopted).toBe(0); // none of them is a valid catalogue
      summary['status-pages-and-catalogue'] = { inputs: N_PAGES, overHttp: N_PAGES_HTTP, failures: 0, ...counts };
    } finally {
      await new Promise((ok) => fake.close(ok));
      await r.close();
    }
  });
});

/** A correctly framed-and-signed body whose content is hostile, or a damaged real one. */
async function hostileBody(r: Rng, deviceId: string, batchId: string): Promise<{ body: Buffer; texts: string[] }> {
  const texts = Array.from({ length: r.int(1, 5) }, () => {
    const roll = r.int(0, 3);
    if (roll === 0) return nastyJsonText(r, { id: randomUUID(), registrationNo: 'REG-X', nama: 'X' });
    if (roll === 1) return JSON.stringify({ id: nastyString(r, 60), registrationNo: nastyValue(r), nama: nastyString(r), attachment: r.bool(0.2) ? nastyValue(r) : undefined });
    if (roll === 2) return JSON.stringify({ id: r.bool(0.3) ? `REG-${r.int(0, 19)}` : randomUUID(), registrationNo: `REG-${r.int(0, 25)}`, nama: nastyString(r) });
    return JSON.stringify(mutate(r, { id: randomUUID(), registrationNo: `REG-N${r.int(0, 99)}`, nama: 'SITI', attachment: { name: 'ktp.jpg', content_type: 'image/jpeg', length: 4 } })) ?? 'null';
  });
  const batch = await encodeBatch(texts.map((text) => ({ id: 'x', text, attachment: r.bool(0.15) ? Buffer.from(r.bytes(4)) : null })), r.bool(0.9) ? deviceId : nastyString(r, 10), 'fast', batchId);
  let body = Buffer.from(batch.body);
  if (r.bool(0.3)) {
    const at = r.int(0, body.length - 1);
    if (r.bool()) body[at] = r.int(0, 255);
    else body = body.subarray(0, Math.max(1, at));
  }
  return { body, texts };
}

/** A digest of the given (or all) submissions the hub holds: their id, text and attachment bytes. */
async function storeDigest(store: { exportAll(onRow: (s: { id: string; text: string; status: string; registrationNo: string | null; attachment?: { data: Buffer } | null }) => void): Promise<void> }, only?: Set<string>): Promise<{ digest: string; ids: Set<string> }> {
  const rows: string[] = [];
  const ids = new Set<string>();
  await store.exportAll((s) => {
    if (only && !only.has(s.id)) return;
    ids.add(s.id);
    rows.push(`${s.id}\n${s.status} ${s.registrationNo}\n${s.text}\n${s.attachment?.data.toString('hex') ?? ''}`);
  });
  return { digest: createHash('sha256').update(rows.sort().join('\n\n')).digest('hex'), ids };
}
