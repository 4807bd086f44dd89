import { randomUUID } from 'node:crypto';

/**
 * Valid requests for shipped services, for tests that need a stored submission: they go
 * through the one real submit path (`kiosk:submit`), never a store back door.
 */
export const TEST_APPLICANT = {
  nik: '3604051208850001',
  nama: 'AHMAD SUHENDRA',
  alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU',
  source: 'manual' as const,
};

const ANSWERS: Record<string, Record<string, string>> = {
  sktm: { keperluan: 'bantuan', jumlahTanggungan: '3' },
  sku: { jenisUsaha: 'WARUNG SEMBAKO', alamatUsaha: 'KP. KRAMAT', lamaUsaha: '3', keperluan: 'kur' },
  'surat-domisili': { keperluan: 'kerja' },
  'ktp-el-baru': { alasan: 'umur-17' },
};

export function testRequest(serviceId: keyof typeof ANSWERS = 'sktm', over: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    serviceId,
    serviceVersion: 1,
    applicant: TEST_APPLICANT,
    answers: ANSWERS[serviceId]!,
    requirementsChecked: [] as string[],
    consent: { accepted: true, statementVersion: 'pdp-2026-01' },
    ...over,
  };
}
