import type { Applicant } from '../../../../shared/domain/request.js';
import type { PartialBiodata } from '../../../../shared/devices/biodata.js';

/** "Kp. Sukamaju RT 001/RW 002, Desa X, Kec. Y" from the card fields that are present. */
export function addressOf(b: Partial<PartialBiodata>): string {
  const parts: string[] = [];
  if (b.alamat) parts.push(b.rt && b.rw ? `${b.alamat} RT ${b.rt}/RW ${b.rw}` : b.alamat);
  if (b.kelDesa) parts.push(b.kelDesa);
  if (b.kecamatan) parts.push(`Kec. ${b.kecamatan}`);
  return parts.join(', ');
}

/** The applicant an e-KTP gives, or null when the chip did not give a name and an address. */
export function applicantFromCard(b: PartialBiodata): Applicant | null {
  if (!b.nama || !b.alamat) return null;
  return {
    nik: b.nik,
    nama: b.nama,
    alamat: addressOf(b),
    source: 'card',
    ...(b.tempatLahir ? { tempatLahir: b.tempatLahir } : {}),
    ...(b.tanggalLahir ? { tanggalLahir: b.tanggalLahir } : {}),
    ...(b.jenisKelamin ? { jenisKelamin: b.jenisKelamin } : {}),
    ...(b.rt ? { rt: b.rt } : {}),
    ...(b.rw ? { rw: b.rw } : {}),
    ...(b.kelDesa ? { kelDesa: b.kelDesa } : {}),
    ...(b.kecamatan ? { kecamatan: b.kecamatan } : {}),
  };
}

/** "3604 0512 0890 0007": a NIK as the card prints it. */
export function groupNik(nik: string): string {
  return nik.replace(/(\d{4})(?=\d)/g, '$1 ');
}
