import { cpSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsbError } from '../../../main/usb/errors.js';
import { deviceDir } from '../../../main/usb/stick.js';
import { ANSWER_FILE, HUB_FILE, STICK_ROOT } from '../../../shared/usb/format.js';
import { fuzzCase, fuzzSeed, mutate, nastyJsonText, nastyString, prototypeClean, Rng, writeFuzzSummary } from '../../helpers/fuzz.js';
import { BACKENDS } from '../hub/backends.js';
import { firstTrip, lines, stickRig } from '../usb/stick-rig.js';

/**
 * Issue 14, fault campaign, the USB stick files (issue 12 §2): hostile manifests, batch files,
 * answers and hub files, read by the real `hub usb-import` (on a real hub store) and `usb import`
 * (on a real kiosk file). Invariant: a per-device or per-file reason or a UsbError, never another
 * throw; the hub stores only the kiosk's own records, unchanged; a refused answer changes nothing.
 */
const SEED = fuzzSeed();
const N_HUB = 150;
const N_KIOSK = 150;
const summary: Record<string, { inputs: number; failures: number; [k: string]: number }> = {};
afterAll(() => writeFuzzSummary('usb', SEED, summary));

/** One hostile change to one file of the folder: a flipped byte, a cut, noise, a mutated JSON document, a removal. */
function damage(r: Rng, dir: string): string {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  if (files.length === 0 || r.bool(0.05)) {
    writeFileSync(join(dir, r.pick(['junk.ajs', 'manifest.json.tmp', 'x', '.hidden'])), nastyString(r));
    return 'junk file';
  }
  const file = r.pick(files);
  const data = readFileSync(file);
  const op = r.int(0, 5);
  if (op === 0 && data.length > 0) {
    const at = r.int(0, data.length - 1);
    data[at] = data[at]! ^ (1 << r.int(0, 7));
    writeFileSync(file, data);
  } else if (op === 1) truncateSync(file, r.int(0, data.length));
  else if (op === 2) writeFileSync(file, Buffer.from(r.bytes(r.int(0, 300))));
  else if (op === 3 && file.endsWith('.json')) {
    let doc: unknown = null;
    try {
      doc = JSON.parse(data.toString('utf8'));
    } catch {
      /* already damaged */
    }
    // Unsigned fields of the envelope changed, or the signed document itself (the signature then fails).
    writeFileSync(file, r.bool() ? (JSON.stringify(mutate(r, doc)) ?? 'null') : nastyJsonText(r, doc));
  } else if (op === 4) unlinkSync(file);
  else writeFileSync(file, Buffer.concat([data, Buffer.from(r.bytes(r.int(1, 64)))]));
  return `${op} ${file.slice(dir.length)}`;
}

describe(`fuzz: USB stick files (seed ${SEED})`, { timeout: 180_000 }, () => {
  it(`${N_HUB} hostile sticks at the hub, ${N_KIOSK} hostile answers at the kiosk`, async () => {
    const r = await stickRig(BACKENDS[0]!);
    const rng = new Rng(SEED + 21);
    try {
      const k = r.kiosk();
      await firstTrip(r, k);
      r.fill(k, lines(10, 31));
      await r.exportTo(k);
      const genuine = new Set(k.submissions.list(100, 0).items.map((s) => s.id));
      const good = join(r.dir, 'good-stick');
      cpSync(r.stick, good, { recursive: true });
      const restore = (): void => {
        rmSync(r.stick, { recursive: true, force: true });
        cpSync(good, r.stick, { recursive: true });
      };
      const held = async (): Promise<Map<string, string>> => {
        const m = new Map<string, string>();
        await r.store.exportAll((s) => void m.set(s.id, s.text));
        return m;
      };
      let texts = await held();
      const hub = { refusedDevices: 0, refusedFiles: 0, accepted: 0, usbErrors: 0 };
      for (let i = 0; i < N_HUB; i++) {
        await fuzzCase(SEED, 'usb-hub', i, async () => {
          restore();
          const what = Array.from({ length: rng.int(1, 2) }, () => damage(rng, rng.bool(0.8) ? deviceDir(r.stick, k.deviceId) : join(r.stick, STICK_ROOT))).join('; ');
          try {
            const out = await r.hubImport();
            for (const d of out.devices) {
              if (d.error) hub.refusedDevices++;
              hub.refusedFiles += d.failed.length;
              hub.accepted += d.accepted;
            }
          } catch (err) {
            if (!(err instanceof UsbError)) throw new Error(`${what}: ${(err as Error).stack}`);
            hub.usbErrors++;
          }
          const now = await held();
          for (const [id, text] of now) {
            expect(genuine.has(id), `${what}: stored a record the kiosk never had`).toBe(true);
            if (texts.has(id)) expect(text).toBe(texts.get(id));
          }
          texts = now;
        });
      }
      // The genuine stick still goes through, and its answer lands.
      restore();
      await r.hubImport();
      expect((await held()).size).toBe(10);
      const answered = join(r.dir, 'answered-stick');
      cpSync(r.stick, answered, { recursive: true });

      const kiosk = { refused: 0, applied: 0 };
      for (let i = 0; i < N_KIOSK; i++) {
        await fuzzCase(SEED, 'usb-kiosk', i, () => {
          rmSync(r.stick, { recursive: true, force: true });
          cpSync(answered, r.stick, { recursive: true });
          const dir = deviceDir(r.stick, k.deviceId);
          const target = rng.bool(0.7) ? join(dir, ANSWER_FILE) : join(r.stick, STICK_ROOT, HUB_FILE);
          const data = readFileSync(target);
          const roll = rng.int(0, 3);
          if (roll === 0) writeFileSync(target, JSON.stringify(mutate(rng, JSON.parse(data.toString('utf8')))) ?? 'null');
          else if (roll === 1) writeFileSync(target, nastyJsonText(rng, JSON.parse(data.toString('utf8'))));
          else if (roll === 2) truncateSync(target, rng.int(0, data.length));
          else writeFileSync(target, Buffer.from(rng.bytes(rng.int(0, 200))));
          const backlog = k.sync.backlog();
          try {
            const res = r.importFrom(k);
            kiosk.applied++;
            expect(res.delivered).toBeLessThanOrEqual(10);
          } catch (err) {
            if (!(err instanceof UsbError)) throw new Error(`${target.slice(r.stick.length)} (${roll}): ${(err as Error).stack}`);
            kiosk.refused++;
            expect(k.sync.backlog()).toBe(backlog);
          }
        });
      }
      expect(prototypeClean()).toBe(true);
      summary['usb-hub-import'] = { inputs: N_HUB, failures: 0, ...hub };
      summary['usb-kiosk-import'] = { inputs: N_KIOSK, failures: 0, ...kiosk };
    } finally {
      await r.close();
    }
  });
});
