import { answerLabel } from '../../../shared/catalogue/answers.js';
import type { ServiceDefinition } from '../../../shared/catalogue/schema.js';
import type { StoredRequest } from '../../../shared/domain/request.js';
import type { Settings } from '../../../shared/domain/settings.js';
import type { Submission } from '../../../shared/domain/submission.js';
import type { OfficeName } from '../../../shared/domain/wilayah.js';
import { tanggalIndonesia, type LetterContent } from '../../../shared/letters/content.js';
import { fillTemplate, type LetterTemplate } from '../../../shared/letters/template.js';

export interface ContentInput {
  submission: Submission;
  request: StoredRequest;
  service: ServiceDefinition;
  template: LetterTemplate;
  settings: Settings;
  office: OfficeName;
  number: string;
  /** yyyy-mm-dd, the office's calendar day of issue. */
  date: string;
  token: string;
  logoSha256: string | null;
}

/** The placeholder values of one letter (template.ts names them). */
export function placeholderValues(i: ContentInput): Record<string, string> {
  const a = i.request.applicant;
  const values: Record<string, string> = {
    'pemohon.nama': a.nama,
    'pemohon.nik': a.nik,
    'pemohon.alamat': a.alamat,
    'pemohon.tempatLahir': a.tempatLahir ?? '',
    'pemohon.tanggalLahir': a.tanggalLahir ? tanggalIndonesia(a.tanggalLahir) : '',
    'pemohon.jenisKelamin': a.jenisKelamin ?? '',
    'pemohon.rt': a.rt ?? '',
    'pemohon.rw': a.rw ?? '',
    'pemohon.kelDesa': a.kelDesa ?? '',
    'pemohon.kecamatan': a.kecamatan ?? '',
    'kantor.kabupaten': 'Serang',
    'kantor.kecamatan': i.office.kecamatan,
    'kantor.desa': i.office.desa,
    'kantor.kodeDesa': i.office.code,
    'kantor.alamat': i.settings.letterOfficeAddress,
    'kantor.penandaTangan': i.settings.letterSignatoryName,
    'kantor.jabatan': positionLines(i.settings.letterSignatoryPosition).join(' '),
    'surat.nomor': i.number,
    'surat.tanggal': tanggalIndonesia(i.date),
    'surat.judul': i.template.title,
    'surat.layanan': i.service.title,
    'surat.nomorRegistrasi': i.submission.registrationNo,
  };
  for (const f of i.service.fields) {
    const v = i.request.answers[f.id];
    if (v === undefined) continue;
    values[`isian.${f.id}`] = f.type === 'date' ? tanggalIndonesia(v) : answerLabel(f, v);
  }
  return values;
}

/** "a.n. Kepala Desa\nSekretaris Desa" (or "a.n. Kepala Desa / Sekretaris Desa") -> its lines, at most 3. */
export function positionLines(position: string): string[] {
  const lines = position.split(/\r?\n|\s+\/\s+/).map((l) => l.trim()).filter(Boolean);
  return lines.length > 0 ? lines.slice(0, 3) : [position];
}

export function letterContent(i: ContentInput): LetterContent {
  return {
    kop: {
      lines: ['PEMERINTAH KABUPATEN SERANG', `KECAMATAN ${i.office.kecamatan.toLocaleUpperCase('id')}`, `DESA ${i.office.desa.toLocaleUpperCase('id')}`],
      address: i.settings.letterOfficeAddress,
      logoSha256: i.logoSha256,
    },
    title: i.template.title,
    number: i.number,
    blocks: fillTemplate(i.template, placeholderValues(i)),
    placeAndDate: `${i.office.desa}, ${tanggalIndonesia(i.date)}`,
    date: i.date,
    signatory: { position: positionLines(i.settings.letterSignatoryPosition), name: i.settings.letterSignatoryName },
    token: i.token,
    verifyNote: 'Keaslian surat ini dapat dicek dengan memindai kode QR di anjungan desa (menu "Cek keaslian surat").',
    serviceTitle: i.service.title,
    registrationNo: i.submission.registrationNo,
  };
}
