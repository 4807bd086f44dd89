import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateHubCatalogue } from '../../../main/catalogue/hub-catalogue.js';
import { ContainerError } from '../../../shared/sync/container.js';
import { decodeBatch, TooLargeError } from '../../../main/hub/ingest.js';
import { encodeBatch } from '../../../main/sync/batch.js';
import { openSignedCatalogue } from '../../../main/sync/catalogue-verify.js';
import { decodeStatus, encodeStatusByte } from '../../../native/printer/status.js';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { Biodata } from '../../../shared/devices/biodata.js';
import { encodeFrame, FrameParser, STX } from '../../../shared/devices/reader-frame.js';
import { utf8Decode, utf8Encode } from '../../../shared/devices/utf8.js';
import { catalogueSigningText } from '../../../shared/sync/protocol.js';
import { storableText } from '../../../shared/sync/storable.js';
import { fuzzCase, fuzzSeed, mutate, nastyJsonText, nastyString, nastyValue, prototypeClean, Rng, writeFuzzSummary } from '../../helpers/fuzz.js';

/**
 * Issue 14, fault campaign: >= 10,000 inputs for each pure boundary (card reader frames and their
 * text, printer status bytes, the hub's batch decoder, hub catalogue documents and their signed
 * envelope). The invariant: no throw other than the boundary's own typed error, and what it lets
 * through is well formed.
 */
const SEED = fuzzSeed();
const N = 10_000;
const summary: Record<string, { inputs: number; failures: number; [k: string]: number }> = {};
afterAll(() => writeFuzzSummary('pure', SEED, summary));

describe(`fuzz: pure boundaries (seed ${SEED})`, { timeout: 120_000 }, () => {
  it('card reader frames: the parser never throws, never invents a frame, and still reads a good frame after any garbage', async () => {
    const r = new Rng(SEED);
    let frames = 0;
    let corrupt = 0;
    for (let i = 0; i < N; i++) {
      await fuzzCase(SEED, 'reader-frames', i, () => {
        const parser = new FrameParser();
        const payload = r.bytes(r.int(0, 64));
        const good = encodeFrame(r.int(0, 255), r.int(1, 255), payload);
        const chunks: Uint8Array[] = [];
        for (let k = r.int(1, 4); k > 0; k--) {
          const kind = r.int(0, 4);
          if (kind === 0) chunks.push(r.bytes(r.int(0, 80)));
          else if (kind === 1) chunks.push(Uint8Array.from([STX, r.int(0, 255), r.int(0, 255)])); // a length that lies
          else if (kind === 2) {
            const g = encodeFrame(r.int(0, 255), r.int(0, 255), r.bytes(r.int(0, 40)));
            const at = r.int(0, g.length - 1);
            g[at] = g[at]! ^ (1 << r.int(0, 7)); // one flipped bit
            chunks.push(g);
          } else chunks.push(Uint8Array.from([STX]));
        }
        let events = chunks.flatMap((c) => parser.push(c));
        // A half frame waits for its bytes; the driver gives up on it after the inter-byte timeout.
        for (let guard = 0; parser.pending > 0 && guard < 10_000; guard++) events = events.concat(parser.dropPartial());
        expect(parser.pending).toBe(0);
        for (const e of events) {
          if (e.type === 'frame') {
            frames++;
            expect(encodeFrame(e.frame.cmd, e.frame.seq, e.frame.payload).length).toBe(e.frame.payload.length + 6);
          } else corrupt++;
        }
        // The line still works: the next good frame comes out whole, split anywhere.
        const cut = r.int(0, good.length);
        const after = [...parser.push(good.subarray(0, cut)), ...parser.push(good.subarray(cut))].filter((e) => e.type === 'frame');
        expect(after).toHaveLength(1);
        expect(after[0]).toMatchObject({ frame: { payload } });
      });
    }
    summary['reader-frames'] = { inputs: N, failures: 0, noiseFramesPassed: frames, refusedEvents: corrupt, goodFramesAfterNoise: N };
  });

  it('card payload text: UTF-8 decoding agrees with a strict decoder, never throws, and biodata parsing refuses with an error', async () => {
    const r = new Rng(SEED + 1);
    const card = DEFAULT_SIM_CARDS[0]!.biodata;
    let valid = 0;
    for (let i = 0; i < N; i++) {
      await fuzzCase(SEED, 'card-payload', i, () => {
        const roll = r.int(0, 3);
        const bytes =
          roll === 0
            ? r.bytes(r.int(0, 48))
            : roll === 1
              ? utf8Encode((r.bool(0.2) ? JSON.stringify(card) : JSON.stringify(mutate(r, card))) ?? '')
              : roll === 2
                ? Uint8Array.from(Array.from({ length: r.int(1, 6) }, () => r.pick([0xc0, 0xc1, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0x80, 0xbf, 0x9f, 0xa0, 0x8f, 0x90, 0x00, 0x41])))
                : utf8Encode(nastyString(r));
        const text = utf8Decode(bytes);
        // Strict UTF-8: Node's decoder replaces what is invalid, so valid means it re-encodes to the same bytes.
        const loose = Buffer.from(bytes).toString('utf8');
        const expected = Buffer.from(loose, 'utf8').equals(Buffer.from(bytes)) ? loose : null;
        // What a strict decoder refuses must come out marked (U+FFFD), never as other characters (an overlong NUL, a surrogate).
        if (expected !== null) expect(text).toBe(expected);
        else expect(text).toContain('\uFFFD');
        expect(storableText(text.split('\u0000').join(''))).toBe(true);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const parsed = Biodata.safeParse(json);
        if (parsed.success) valid++;
        else expect(parsed.error.issues.length).toBeGreaterThan(0);
      });
    }
    summary['card-payload'] = { inputs: N, failures: 0, accepted: valid };
  });

  it('printer status bytes: any 3 bytes decode to a status or a clear error; what the simulator sends round-trips', async () => {
    const r = new Rng(SEED + 2);
    let refused = 0;
    const inputs = Math.max(N, 256 * 3 + 16);
    for (let i = 0; i < inputs; i++) {
      await fuzzCase(SEED, 'printer-status', i, () => {
        const bytes = i < 256 ? Uint8Array.from([i, 0x12, 0x12]) : i < 512 ? Uint8Array.from([0x12, i - 256, 0x12]) : i < 768 ? Uint8Array.from([0x12, 0x12, i - 512]) : r.bytes(r.int(0, 5));
        try {
          const s = decodeStatus(bytes);
          expect(Object.values(s).every((v) => typeof v === 'boolean')).toBe(true);
          expect(decodeStatus(Uint8Array.from([1, 2, 4].map((n) => encodeStatusByte(n, s))))).toMatchObject({ online: s.online, coverOpen: s.coverOpen, error: s.error, paperNearEnd: s.paperNearEnd });
        } catch (err) {
          refused++;
          expect((err as Error).message).toMatch(/^not a DLE EOT answer/);
        }
      });
    }
    summary['printer-status'] = { inputs, failures: 0, refused };
  });

  it('sync batch decoder: damaged, truncated, forged or hostile bodies give ContainerError or TooLargeError; what passes is well formed', async () => {
    const r = new Rng(SEED + 3);
    const seeds = await Promise.all(
      [0, 1, 3].map((n) =>
        encodeBatch(
          Array.from({ length: n }, (_, k) => ({ id: randomUUID(), text: JSON.stringify({ id: `rec-${k}`, registrationNo: `REG-${k}`, nama: 'SITI' }), attachment: k === 1 ? Buffer.from('foto') : null })),
          'dev-1',
          'fast',
        ),
      ),
    );
    let accepted = 0;
    let refused = 0;
    let perRecord = 0;
    for (let i = 0; i < N; i++) {
      await fuzzCase(SEED, 'batch-decoder', i, async () => {
        let body: Buffer;
        const roll = r.int(0, 4);
        if (roll === 0) body = Buffer.from(r.bytes(r.int(0, 200)));
        else if (roll <= 2) {
          body = Buffer.from(r.pick(seeds).body);
          for (let k = r.int(1, 3); k > 0; k--) {
            const at = r.int(0, body.length - 1);
            const op = r.int(0, 2);
            if (op === 0) body[at] = r.int(0, 255);
            else if (op === 1) body = body.subarray(0, at);
            else body = Buffer.concat([body.subarray(0, at), Buffer.from(r.bytes(r.int(1, 8))), body.subarray(at)]);
            if (body.length === 0) break;
          }
        } else {
          // Well-framed containers of hostile records: the per-record checks, not the framing, must answer.
          const texts = Array.from({ length: r.int(1, 4) }, () => (r.bool(0.5) ? nastyJsonText(r, { id: nastyString(r, 10), registrationNo: nastyString(r, 10), attachment: { name: nastyString(r, 8) } }) : JSON.stringify({ id: nastyString(r, 40), registrationNo: nastyValue(r) })));
          body = (await encodeBatch(texts.map((text) => ({ id: 'x', text, attachment: r.bool(0.2) ? Buffer.from(r.bytes(4)) : null })), 'dev-1', 'fast')).body;
        }
        try {
          const d = await decodeBatch(body, 64 * 1024);
          accepted++;
          perRecord += d.invalid.length;
          for (const rec of d.records) {
            expect(storableText(rec.id)).toBe(true);
            const obj = JSON.parse(rec.text) as unknown;
            expect(obj !== null && typeof obj === 'object' && !Array.isArray(obj)).toBe(true);
          }
          for (const bad of d.invalid) expect(typeof bad.reason).toBe('string');
        } catch (err) {
          refused++;
          if (!(err instanceof ContainerError || err instanceof TooLargeError)) throw err;
        }
      });
    }
    expect(prototypeClean()).toBe(true);
    summary['batch-decoder'] = { inputs: N, failures: 0, decoded: accepted, refused, recordsRefused: perRecord };
  });

  it('hub catalogue documents and their signed envelope: never a throw, a readable error; the shipped catalogue still passes', async () => {
    const r = new Rng(SEED + 4);
    const dir = join(process.cwd(), 'main/catalogue');
    const read = (kind: string) => readdirSync(join(dir, kind)).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, kind, f), 'utf8')) as unknown);
    const shipped = { version: 7, agencies: read('agencies'), services: read('services') };
    expect(validateHubCatalogue(shipped)).toEqual({ ok: true });
    // A small document to mutate (the whole shipped one costs ms per validation).
    const services = (shipped.services as { id: string; agency?: string }[]).filter((s) => s.id === 'sktm' || s.id === 'sku');
    const valid = { version: 7, agencies: (shipped.agencies as { id: string }[]).filter((a) => services.some((s) => s.agency === a.id)), services };
    expect(validateHubCatalogue(valid)).toEqual({ ok: true });
    const keys = generateKeyPairSync('ed25519');
    const raw = keys.publicKey.export({ format: 'jwk' }).x!;
    const hubKeys = { signingKey: Buffer.from(raw, 'base64url').toString('base64'), boxKey: 'x' };
    const signed = (text: string) => ({ document: text, signature: sign(null, Buffer.from(catalogueSigningText(text)), keys.privateKey).toString('base64') });
    let refused = 0;
    let envelopes = 0;
    for (let i = 0; i < N; i++) {
      await fuzzCase(SEED, 'catalogue', i, () => {
        const doc = r.bool(0.2) ? nastyValue(r) : mutate(r, valid);
        const v = validateHubCatalogue(doc, r.bool() ? ['desa'] : []);
        if (!v.ok) {
          refused++;
          expect(v.error.length).toBeGreaterThan(0);
        }
        // The envelope: a signed hostile document reaches the schema; a forged one stops at the signature.
        if (i % 4 === 0) {
          envelopes++;
          const text = r.bool(0.7) ? nastyJsonText(r, valid) : JSON.stringify(doc) ?? 'null';
          const env = r.bool(0.5) ? signed(text) : mutate(r, signed(text));
          const opened = openSignedCatalogue(env, r.bool(0.9) ? hubKeys : mutate(r, hubKeys));
          if (opened.ok) expect(typeof validateHubCatalogue(opened.doc).ok).toBe('boolean');
          else expect(opened.error.length).toBeGreaterThan(0);
        }
      });
    }
    expect(prototypeClean()).toBe(true);
    summary['catalogue'] = { inputs: N, failures: 0, refused, envelopes };
  });
});
