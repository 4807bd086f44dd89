import type { CatalogueProblem, ConsoleErrorCode, FieldProblem } from '../console/errors.js';

/**
 * The console's errors in Bahasa Indonesia, by the API's code (shared/console/errors.ts); the
 * hub's English message stays in its logs. Typed as records over the code lists, so a code
 * without text does not compile (and tests/unit/console/error-texts.test.ts says which).
 */
export const consoleErrorId: Record<`console.err.${ConsoleErrorCode | 'offline'}`, string> = {
  'console.err.bad_request': 'Isian belum benar. Periksa kolom yang ditandai.',
  'console.err.too_large': 'Data yang dikirim terlalu besar (paling banyak 2 MB).',
  'console.err.unauthenticated': 'Sesi Anda berakhir. Silakan masuk lagi.',
  'console.err.csrf': 'Sesi halaman ini sudah kedaluwarsa. Muat ulang halaman, lalu coba lagi.',
  'console.err.forbidden': 'Anda tidak berwenang melakukan ini dengan peran Anda.',
  'console.err.not_found': 'Data tidak ditemukan, atau bukan milik OPD Anda.',
  'console.err.conflict': 'Tindakan ini tidak bisa dilakukan pada data dalam keadaannya sekarang.',
  'console.err.stale_state': 'Data ini sudah diubah orang lain. Muat ulang untuk melihat keadaan terbaru.',
  'console.err.bulk_mixed_states': 'Tindakan massal hanya untuk permohonan dengan status yang sama.',
  'console.err.bulk_size': 'Pilih 1 sampai 100 permohonan sekaligus.',
  'console.err.note_required': 'Isi catatan dulu: catatan ini tampil di "Cek status" anjungan.',
  'console.err.agency_required': 'Pilih OPD tujuan dulu.',
  'console.err.unknown_agency': 'OPD itu tidak ada di katalog.',
  'console.err.bad_credentials': 'Nama pengguna atau kata sandi salah.',
  'console.err.locked': 'Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi dalam {seconds} detik.',
  'console.err.username_taken': 'Nama pengguna itu sudah dipakai. Pilih nama lain.',
  'console.err.catalogue_invalid': 'Katalog tidak valid, belum diterbitkan. Perbaiki isian berikut:',
  'console.err.internal': 'Terjadi kesalahan di hub. Data tidak berubah. Coba lagi atau hubungi admin kabupaten.',
  'console.err.offline': 'Hub tidak dapat dihubungi. Periksa jaringan, lalu coba lagi.',
};

/** A field's problem, said beside the field. */
export const consoleFieldProblemId: Record<`console.fieldProblem.${FieldProblem}`, string> = {
  'console.fieldProblem.required': 'wajib diisi',
  'console.fieldProblem.too_short': 'terlalu pendek (kata sandi paling sedikit 8 karakter)',
  'console.fieldProblem.too_long': 'terlalu panjang',
  'console.fieldProblem.invalid': 'tidak valid',
  'console.fieldProblem.username_format': '3–40 karakter: huruf kecil, angka, ".", "_" atau "-"',
  'console.fieldProblem.taken': 'sudah dipakai',
};

/** The fields the console's requests have (shared/console/api.ts), by name. */
export const consoleFieldId = {
  'console.field._': 'Permintaan',
  'console.field.username': 'Nama pengguna',
  'console.field.password': 'Kata sandi',
  'console.field.role': 'Peran',
  'console.field.agencyId': 'OPD',
  'console.field.ids': 'Permohonan yang dipilih',
  'console.field.move': 'Tindakan',
  'console.field.note': 'Catatan',
  'console.field.label': 'Nama perangkat',
  'console.field.hours': 'Masa berlaku (jam)',
  'console.field.document': 'Dokumen katalog',
  'console.field.targets': 'Sasaran',
  'console.field.version': 'Versi',
  'console.field.status': 'Status',
  'console.field.state': 'Status',
  'console.field.service': 'Layanan',
  'console.field.office': 'Kecamatan/desa',
  'console.field.minAgeDays': 'Umur minimal',
  'console.field.breached': 'Lewat SLA',
  'console.field.callback': 'Minta dihubungi',
  'console.field.page': 'Halaman',
  'console.field.pageSize': 'Ukuran halaman',
  'console.field.dim': 'Menurut',
  'console.field.from': 'Dari',
  'console.field.to': 'Sampai',
} as const;

/** A refused catalogue's entry and field, in the editor. */
export const consoleCatalogueProblemId: Record<`console.cat.${CatalogueProblem}`, string> = {
  'console.cat.required': 'wajib diisi',
  'console.cat.too_long': 'terlalu panjang (paling banyak {max} karakter)',
  'console.cat.wrong_type': 'jenis isian salah (mis. teks, angka, atau daftar)',
  'console.cat.unknown_key': 'ada isian yang tidak dikenal skema',
  'console.cat.id_mismatch': 'id harus sama dengan nama berkasnya',
  'console.cat.duplicate': 'id ini sudah dipakai entri lain',
  'console.cat.unknown_agency': 'instansi (agency) ini tidak ada di katalog',
  'console.cat.format': 'bentuknya salah',
  'console.cat.no_services': 'dokumen tidak memuat satu layanan pun',
  'console.cat.not_document': 'bukan dokumen katalog {services, agencies}',
  'console.cat.invalid': 'tidak valid',
};

export const consoleErrorLayoutId = {
  'console.err.field': '{field}: {problem}',
  'console.cat.where': '{entry}, isian {field}: {problem}',
  'console.cat.whole': '{entry}: {problem}',
  'console.cat.document': 'Dokumen: {problem}',
} as const;
