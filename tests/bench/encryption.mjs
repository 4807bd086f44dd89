// Cost of encryption at rest on the durable commit: p50/p99 of one kiosk submission through the
// core (WAL, synchronous=FULL), on a plain store and an encrypted one (SQLCipher 4, raw key),
// in the same run, interleaved so both see the same machine load.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../dist/node/main/core/core.js';
import { writeNewKeyFile } from '../../dist/node/main/db/keys/db-key.js';
import { createLogger } from '../../dist/node/main/log.js';

const N = 400;

function request(i) {
  return {
    id: randomUUID(),
    serviceId: 'sktm',
    serviceVersion: 1,
    applicant: { nik: '3604051208850001', nama: `AHMAD SUHENDRA ${i}`, alamat: 'KP. KRAMAT RT 002/RW 005', source: 'manual' },
    answers: { keperluan: 'bantuan', jumlahTanggungan: '2' },
    consent: { accepted: true, statementVersion: 'pdp-2026-01' },
  };
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-enc-'));
  const quiet = createLogger('bench', () => {});
  try {
    const plain = await createCore({ dataDir: join(dir, 'plain'), shell: 'host', log: quiet, watchCatalogue: false });
    const key = writeNewKeyFile(join(dir, 'keys', 'bench.key'));
    const enc = await createCore({ dataDir: join(dir, 'enc'), shell: 'host', log: quiet, watchCatalogue: false, dbKey: key });
    const times = { plain: [], enc: [] };
    for (let i = 0; i < N; i++) {
      for (const [name, core] of [['plain', plain], ['enc', enc]]) {
        const t = process.hrtime.bigint();
        const r = await core.dispatcher.invoke('kiosk:submit', request(i), { transport: 'internal' });
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (!r.ok) throw new Error(`submit failed: ${JSON.stringify(r.error)}`);
        if (i >= 20) times[name].push(ms); // the first ones warm caches
      }
    }
    await plain.close();
    await enc.close();
    const rows = [];
    for (const [name, label] of [['plain', 'plain'], ['enc', 'encrypted (SQLCipher)']]) {
      rows.push({ name: `one durable submission, ${label}: p50`, value: pct(times[name], 50), unit: 'ms' });
      rows.push({ name: `one durable submission, ${label}: p99`, value: pct(times[name], 99), unit: 'ms', note: `${times[name].length} submissions, interleaved` });
    }
    rows.push({ name: 'encryption cost on p99 of one submission', value: pct(times.enc, 99) - pct(times.plain, 99), unit: 'ms' });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
