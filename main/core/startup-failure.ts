import { DbKeyError } from '../db/keys/db-key.js';
import { NewerDatabaseError } from '../db/migrate.js';

/** What the desktop shell shows the office staff when the core cannot start (Bahasa Indonesia). */
export interface StartupFailure {
  title: string;
  /** What happened and what to do, for the village's staff or the kecamatan's technician. */
  detail: string;
  /** The error in English, as logged, for the technician's report. */
  technical: string;
}

const TITLE = 'Anjungan tidak dapat dibuka';
const CALL = 'Hubungi teknisi kecamatan atau Diskominfo. Data yang sudah tersimpan tidak hilang.';

/**
 * The core failed before any window: a kiosk must not show a blank screen or restart in a loop
 * without saying why. Each cause the store can report gets a message the staff can act on; the
 * rest a general one. The English text is kept for the technician.
 */
export function startupFailure(err: unknown): StartupFailure {
  const technical = err instanceof Error ? err.message : String(err);
  const f = (detail: string): StartupFailure => ({ title: TITLE, detail: `${detail}\n\n${CALL}`, technical });
  if (err instanceof DbKeyError) {
    switch (err.code) {
      case 'wrong_key':
        return f('Kunci basis data salah: basis data di komputer ini dikunci dengan kunci lain (misalnya setelah kunci diganti atau berkas kunci tertukar). Pasang kembali berkas kunci yang benar.');
      case 'no_key':
        return f('Basis data terkunci, tetapi kuncinya tidak ditemukan atau tidak dapat dibuka oleh pengguna ini.');
      case 'key_file':
        return f('Berkas kunci basis data tidak dapat dipakai (rusak, bukan milik pengguna layanan, atau dapat dibaca pengguna lain).');
      case 'passphrase':
        return f('Kata sandi basis data tidak memenuhi syarat.');
      case 'not_encrypted':
        return f('Basis data belum dienkripsi, tetapi aplikasi diberi kunci. Periksa pengaturan kunci.');
    }
  }
  if (err instanceof NewerDatabaseError) {
    return f(`Basis data ditulis oleh versi Anjungan yang lebih baru (skema ${err.found}; versi ini sampai ${err.supported}). Pasang versi terbaru Anjungan.`);
  }
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return f('Penyimpanan komputer penuh. Kosongkan ruang disk, lalu nyalakan ulang aplikasi.');
  if (code === 'SQLITE_READONLY' || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return f('Folder data tidak dapat ditulis (hanya-baca, atau milik pengguna lain).');
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return f('Berkas basis data rusak. Jangan hapus berkasnya: teknisi dapat memeriksanya dengan `anjungan doctor`.');
  return f('Terjadi kesalahan saat memulai aplikasi.');
}
