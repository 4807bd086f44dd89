import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeBatch } from '../../../main/sync/batch.js';
import { HubClient, SyncError } from '../../../main/sync/client.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { mutate, nastyJsonText, nastyString, nastyValue, Rng } from '../../helpers/fuzz.js';
import { BACKENDS } from '../hub/backends.js';
import { rig } from '../sync/harness.js';

/**
 * Issue 14, defect 2: "both backends must accept or refuse the same records". One fixed corpus of
 * hostile records (the same texts, the same ids, in the same order) goes one record per signed
 * batch to a real hub on SQLite and on PostgreSQL; the verdict for each record must be the same
 * (accepted, duplicate, refused by itself, or the batch refused with the same code).
 */
const N = 500;
const SEED = 140_202;

/** A lower-case UUID that is the same for index i on every run and every backend. */
function uuidOf(i: number): string {
  const h = createHash('sha256').update(`agree-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function corpus(): string[] {
  const r = new Rng(SEED);
  const texts: string[] = [];
  for (let i = 0; i < N; i++) texts.push(record(r, i, texts));
  return texts;
}

function record(r: Rng, i: number, earlier: string[]): string {
  const id = uuidOf(i);
  const roll = r.int(0, 5);
  // The very same record again (a kiosk resending): a duplicate, not a new one.
  if (roll === 5 && i > 0) return earlier[r.int(0, i - 1)]!;
  if (roll === 0) return nastyJsonText(r, { id, registrationNo: `REG-A${i}`, nama: 'SITI' });
  if (roll === 1) return JSON.stringify({ id, registrationNo: nastyValue(r), nama: nastyString(r), answers: nastyValue(r) });
  // Repeats: an earlier id (in another letter case too) or an earlier registration number.
  if (roll === 2) return JSON.stringify({ id: r.bool() ? uuidOf(r.int(0, i)) : uuidOf(r.int(0, i)).toUpperCase(), registrationNo: `REG-A${r.int(0, i)}`, nama: nastyString(r) });
  if (roll === 3) return JSON.stringify({ id, registrationNo: `REG-B${i}`, nama: nastyString(r, 200), alamat: nastyString(r, 200) });
  return JSON.stringify(mutate(r, { id, registrationNo: `REG-C${i}`, nama: 'BUDI', answers: { a: 1, b: ['x'] } })) ?? 'null';
}

const verdicts: Record<string, string[]> = {};

describe(`the hub backends agree on every record (seed ${SEED})`, { timeout: 240_000 }, () => {
  for (const backend of BACKENDS) {
    it(`${N} records through a real hub on ${backend.name}`, async () => {
      const r = await rig(backend);
      try {
        await r.engine().runOnce(); // enrols
        const client = new HubClient(r.hub.url, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync), 10_000);
        const got: string[] = [];
        try {
          for (const text of corpus()) {
            const batchId = randomUUID();
            const { body } = await encodeBatch([{ id: 'x', text, attachment: null }], r.kiosk.deviceId, 'fast', batchId);
            const buf = Buffer.from(body);
            try {
              const ack = await client.putBatch(batchId, buf, createHash('sha256').update(buf).digest('hex'), 0);
              if (!('accepted' in ack)) throw new Error('no full ack for a whole body');
              got.push(ack.accepted.length ? 'accepted' : ack.duplicate.length ? 'duplicate' : ack.rejected.length ? 'refused' : 'nothing');
            } catch (err) {
              if (!(err instanceof SyncError)) throw err;
              expect(err.kind).toBe('rejected');
              got.push(`batch ${err.code}`);
            }
          }
        } finally {
          client.close();
        }
        verdicts[backend.name] = got;
        // The corpus reaches every outcome, so agreeing means something.
        for (const v of ['accepted', 'duplicate', 'refused']) expect(got).toContain(v);
      } finally {
        await r.close();
      }
    });
  }

  it('SQLite and PostgreSQL gave the same verdict for each record', () => {
    expect(Object.keys(verdicts).sort()).toEqual(['postgres', 'sqlite']);
    const texts = corpus();
    const differ = verdicts['sqlite']!.flatMap((v, i) => (v === verdicts['postgres']![i] ? [] : [`#${i} sqlite ${v}, postgres ${verdicts['postgres']![i]}: ${texts[i]!.slice(0, 160)}`]));
    expect(differ).toEqual([]);
    const tally: Record<string, number> = {};
    for (const v of verdicts['sqlite']!) tally[v] = (tally[v] ?? 0) + 1;
    process.stdout.write(`backends agree on ${texts.length} records: ${JSON.stringify(tally)}\n`);
  });
});
