import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { DATABASE_FILE } from '../../../main/db/store.js';
import { createLogger } from '../../../main/log.js';
import { runCli } from '../../helpers/cli.js';
import { testRequest } from '../../helpers/requests.js';

/** The register of the search tests, oldest first: AHMAD SUHENDRA is the oldest, so ranking, not recency, puts him first. */
export const PEOPLE = [
  { nama: 'AHMAD SUHENDRA', nik: '3604051208850001', noHp: '081234567890' },
  { nama: 'UJANG SUHENDAR', nik: '3604051503900002' },
  { nama: 'DEDI SUHENDI', nik: '3604061704910003' },
  { nama: 'AHMAD HIDAYAT', nik: '3604051208860004', noHp: '085299990000' },
  { nama: 'SITI NURHALIZA', nik: '3604064506920005' },
] as const;

/** Lines for `anjungan import`: an applicant under `pemohon`, plain top-level fields, an applicant under `applicant`. */
export const IMPORTED = [
  { id: 'imp-0001', layanan: 'pbb', pemohon: { nik: '3604071010800006', nama: 'Euis Maesaroh' } },
  { id: 'imp-0002', nik: '3604081111810007', nama: 'Ujang Sutisna', noHp: '+6285712345678' },
  { id: 'imp-0003', layanan: 'sku', applicant: { nik: '3604101303790009', nama: 'Odih Baihaki' } },
];

/** A submission with chosen codes (O/0 and I/1 confusable) through the store's own insert. */
export const FIXED = { id: randomUUID(), registrationNo: '052001-K7Q2-261123-0099', trackingCode: '0K7Q1M9X', nama: 'ENCEP KOMARUDIN', nik: '3604091212880008' };

export interface Fixture {
  core: Core;
  /** Receipts by name. */
  receipts: Map<string, { submissionId: string; registrationNo: string; trackingCode: string }>;
}

export const quiet = createLogger('test', () => {});

/** A core on `dataDir` with PEOPLE submitted at the kiosk, IMPORTED through the real CLI, and FIXED. */
export async function registerFixture(dataDir: string): Promise<Fixture> {
  let clock = new Date(2026, 10, 23, 9, 0).getTime();
  const core = await createCore({ dataDir, shell: 'host', log: quiet, watchCatalogue: false, now: () => new Date((clock += 60_000)) });
  const receipts: Fixture['receipts'] = new Map();
  for (const p of PEOPLE) {
    const req = testRequest('ktp-el-baru', {
      applicant: { nik: p.nik, nama: p.nama, alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'manual' },
      answers: 'noHp' in p ? { alasan: 'umur-17', noHp: p.noHp } : { alasan: 'umur-17' },
    });
    receipts.set(p.nama, await invokeOrThrow(core.dispatcher, 'kiosk:submit', req));
  }
  const file = join(dataDir, 'import.jsonl');
  writeFileSync(file, `${IMPORTED.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const imported = await runCli(['import', '--db', join(dataDir, DATABASE_FILE), '--from', file]);
  if (imported.code !== 0) throw new Error(`anjungan import failed: ${imported.stderr}`);
  core.services.store.submissions.insert({
    id: FIXED.id,
    registrationNo: FIXED.registrationNo,
    trackingCode: FIXED.trackingCode,
    serviceId: 'sktm',
    serviceVersion: 1,
    payload: { applicant: { nik: FIXED.nik, nama: FIXED.nama, alamat: 'KP. BARU', source: 'card' }, answers: {} },
    createdAt: new Date((clock += 60_000)).toISOString(),
  });
  return { core, receipts };
}
