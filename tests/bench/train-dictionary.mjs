// Trains the zstd dictionary for batch records (container codec 3), offline, with the zstd CLI:
//   node tests/bench/train-dictionary.mjs records-2      → main/catalogue/dictionaries/records-2.zdict
// Samples: records of every service in the catalogue (main/catalogue/services, in the form the
// kiosk captures them: canonical JSON of {id, serviceId, serviceVersion, payload, registrationNo,
// trackingCode, createdAt}) and records in the interchange form (`anjungan import`, sync-data.mjs,
// seeds never used by the bench or the tests). A shipped dictionary is never changed: a batch built
// with it may wait weeks; a new catalogue gets the next id beside the old one (main/sync/dictionaries.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { makeJsonl, makeSubmission } from './sync-data.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const id = process.argv[2];
if (!id || !/^[a-z0-9][a-z0-9.-]{0,31}$/.test(id)) {
  console.error('usage: node tests/bench/train-dictionary.mjs ID   (e.g. records-2)');
  process.exit(2);
}
const out = join(root, 'main', 'catalogue', 'dictionaries', `${id}.zdict`);
if (existsSync(out)) {
  console.error(`${out} exists: a shipped dictionary is never changed; pick the next id`);
  process.exit(1);
}

let s = 20261203;
const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(r() * a.length)];
const digits = (n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const sortKeys = (v) => (Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v);

function answer(field, base) {
  const p = base.payload;
  switch (field.type) {
    case 'nik': return p.pemohon.nik;
    case 'phone': return p.pemohon.telepon;
    case 'date': return p.pemohon.tanggalLahir;
    case 'number': return Math.floor(r() * 20);
    case 'yesno': return r() < 0.5;
    case 'select': return pick(field.options ?? [{ value: 'lainnya' }]).value;
    case 'desa': return p.alamat.desa;
    case 'kecamatan': return p.alamat.kecamatan;
    case 'textarea': return p.keperluan;
    default: return /nama/i.test(field.id) ? p.pemohon.nama : /alamat/i.test(field.id) ? `${p.alamat.jalan} RT ${p.alamat.rt}/RW ${p.alamat.rw}` : p.pemohon.pekerjaan;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'anjungan-dict-'));
try {
  let n = 0;
  const services = readdirSync(join(root, 'main', 'catalogue', 'services')).map((f) => JSON.parse(readFileSync(join(root, 'main', 'catalogue', 'services', f), 'utf8')));
  for (let i = 0; i < 1500; i++) {
    const svc = services[i % services.length];
    const base = makeSubmission(r, i);
    const payload = Object.fromEntries((svc.fields ?? []).map((f) => [f.id, answer(f, base)]));
    const rec = { id: randomUUID(), serviceId: svc.id, serviceVersion: svc.version, payload, registrationNo: base.registrationNo, trackingCode: digits(8), createdAt: base.createdAt };
    writeFileSync(join(dir, `c${n++}.json`), JSON.stringify(sortKeys(rec)));
  }
  for (const line of makeJsonl(1500, { seed: 424242 })) writeFileSync(join(dir, `i${n++}.json`), line);
  execFileSync('zstd', ['-q', '-f', '--train', '-r', dir, '--maxdict=16384', '-19', '-o', out], { stdio: 'inherit' });
  console.log(`${out}: ${readFileSync(out).length} bytes from ${n} samples`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
