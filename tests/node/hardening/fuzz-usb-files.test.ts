import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContainerError } from '../../../shared/sync/container.js';
import { Answer, answerSigningText, HUB_FILE, Manifest, manifestSigningText, STICK_ROOT } from '../../../shared/usb/format.js';
import { decodeBatch, TooLargeError } from '../../../main/hub/ingest.js';
import { encodeBatch } from '../../../main/sync/batch.js';
import { UsbError } from '../../../main/usb/errors.js';
import { readHubFile } from '../../../main/usb/hub-choice.js';
import { open as openSealed, seal, SealError } from '../../../main/usb/seal.js';
import { ed25519Signer, openSignedDoc, signDoc } from '../../../main/usb/stick.js';
import { fuzzCase, fuzzSeed, mutate, nastyJsonText, Rng, writeFuzzSummary } from '../../helpers/fuzz.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * Issue 14: ≥ 10,000 hostile files for the USB stick's boundary, through the openers the imports
 * use (signed manifests and answers, sealed batch files, the hub file): never a throw other than
 * the typed refusal; what opens and parses is well formed. The whole-stick round trips are in
 * fuzz-usb.test.ts (fewer: each is a real import).
 */
const SEED = fuzzSeed();
const N = 10_000;
const summary: Record<string, { inputs: number; failures: number; [k: string]: number }> = {};
afterAll(() => writeFuzzSummary('usb-files', SEED, summary));

/** One hostile change to a file's bytes: a flipped bit, a cut, noise, bytes added, or (JSON) a mutated document. */
function damage(r: Rng, data: Buffer): Buffer {
  const op = r.int(0, 5);
  if (op === 0 && data.length > 0) {
    const out = Buffer.from(data);
    const at = r.int(0, out.length - 1);
    out[at] = out[at]! ^ (1 << r.int(0, 7));
    return out;
  }
  if (op === 1) return data.subarray(0, r.int(0, data.length));
  if (op === 2) return Buffer.from(r.bytes(r.int(0, 300)));
  if (op === 3) {
    let doc: unknown = null;
    try {
      doc = JSON.parse(data.toString('utf8'));
    } catch {
      /* not JSON: mutate nothing */
    }
    return Buffer.from(r.bool() ? (JSON.stringify(mutate(r, doc)) ?? 'null') : nastyJsonText(r, doc));
  }
  if (op === 4) return Buffer.alloc(0);
  return Buffer.concat([data, Buffer.from(r.bytes(r.int(1, 64)))]);
}

describe(`fuzz: USB stick files through their openers (seed ${SEED})`, { timeout: 180_000 }, () => {
  it(`${N} hostile manifests, answers, sealed batches and hub files`, async () => {
    const rng = new Rng(SEED + 41);
    const device = generateKeyPairSync('ed25519');
    const devicePub = Buffer.from(device.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    const box = generateKeyPairSync('x25519');
    const boxPub = Buffer.from(box.publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const deviceId = randomUUID();
    const batch = await encodeBatch([{ id: randomUUID(), text: JSON.stringify({ nama: 'SITI' }), attachment: null }], deviceId, 'fast');
    const context = `batch:${batch.batch_id}`;
    const sealed = seal(batch.body, boxPub, context);
    const manifestDoc = { v: 1, deviceId, exportId: randomUUID(), batches: [{ kind: 'batch', name: `${batch.batch_id}.ajs`, size: sealed.length, sha256: 'a'.repeat(64) }] };
    const manifest = Buffer.from(signDoc(manifestDoc, manifestSigningText, ed25519Signer(device.privateKey)));
    const answer = Buffer.from(signDoc({ v: 1, deviceId, exportId: randomUUID(), acks: [], statuses: [] }, answerSigningText, ed25519Signer(device.privateKey)));
    const tmp = tempDir();
    const stick = join(tmp.dir, 'stick');
    mkdirSync(join(stick, STICK_ROOT), { recursive: true });
    const hubFile = Buffer.from(JSON.stringify({ v: 1, keys: { signingKey: devicePub, boxKey: boxPub.toString('base64') }, fingerprint: 'ABCD-EFGH' }));
    const counts = { manifestsOpened: 0, answersOpened: 0, sealedOpened: 0, batchesDecoded: 0, hubFilesRead: 0, refused: 0 };
    try {
      for (let i = 0; i < N; i++) {
        await fuzzCase(SEED, 'usb-files', i, async () => {
          const kind = i % 4;
          if (kind === 0 || kind === 1) {
            const [raw, wrap, schema] = kind === 0 ? [manifest, manifestSigningText, Manifest] : [answer, answerSigningText, Answer];
            const opened = openSignedDoc(damage(rng, raw), wrap, devicePub);
            if (!opened.ok) return void counts.refused++;
            if (kind === 0) counts.manifestsOpened++;
            else counts.answersOpened++;
            // What still verifies was signed as it is: its schema answers, never throws.
            expect(() => schema.safeParse(opened.document)).not.toThrow();
          } else if (kind === 2) {
            let plain: Buffer;
            try {
              plain = openSealed(damage(rng, sealed), box.privateKey, rng.bool(0.9) ? context : `batch:${randomUUID()}`);
            } catch (err) {
              if (!(err instanceof SealError)) throw err;
              return void counts.refused++;
            }
            counts.sealedOpened++;
            try {
              await decodeBatch(plain);
              counts.batchesDecoded++;
            } catch (err) {
              if (!(err instanceof ContainerError) && !(err instanceof TooLargeError)) throw err;
            }
          } else {
            writeFileSync(join(stick, STICK_ROOT, HUB_FILE), damage(rng, hubFile));
            try {
              if (readHubFile(stick)) counts.hubFilesRead++;
              else counts.refused++;
            } catch (err) {
              // The typed refusal, with the file named: "damaged (not the hub's key file)".
              if (!(err instanceof UsbError)) throw err;
              counts.refused++;
            }
          }
        });
      }
    } finally {
      tmp.cleanup();
    }
    // AES-GCM: no damaged sealed file opens (an intact one may, when the damage left it whole).
    expect(counts.sealedOpened).toBeLessThan(N / 4);
    summary['usb-files'] = { inputs: N, failures: 0, ...counts };
  });
});
