/**
 * The message catalogue, Bahasa Indonesia: the source of every text the resident or operator
 * sees or hears. Keys are grouped by screen. `{name}` is filled in by `t()`.
 * Plain words, short sentences; every error says what to do next.
 */
import { kioskId } from './kiosk-id.js';
import { operatorId } from './operator-id.js';
import { deskId } from './desk-id.js';
import { lettersId } from './letters-id.js';
import { workId } from './work-id.js';
import { adminId } from './admin-id.js';
import { reportsId } from './reports-id.js';
import { queueId } from './queue-id.js';
import { usbId } from './usb-id.js';

export const id = {
  ...kioskId,
  ...operatorId,
  ...deskId,
  ...lettersId,
  ...workId,
  ...adminId,
  ...reportsId,
  ...queueId,
  ...usbId,
  'app.name': 'Anjungan',
  'app.tagline': 'Serang Tatu: Terlayani Satu Pintu',
  'app.loading': 'Memuat…',
  'app.office': 'Desa {desa}, Kecamatan {kecamatan}',

  'role.kiosk': 'Anjungan mandiri',
  'role.operator': 'Meja layanan',

  'lang.switch': 'English',
  'lang.current': 'Bahasa Indonesia',

  'health.title': 'Keadaan sistem',
  'health.store.ok': 'Penyimpanan data baik',
  'health.store.bad': 'Penyimpanan data bermasalah: hubungi petugas',
  'health.schema': 'Versi data {version}',
  'health.count': '{count} permohonan tersimpan',
  'health.uptime': 'Menyala sejak {time}',

  'submissions.title': 'Permohonan tersimpan',
  'submissions.empty': 'Belum ada permohonan.',
  'submissions.col.registration': 'Nomor registrasi',
  'submissions.col.service': 'Layanan',
  'submissions.col.status': 'Status',
  'submissions.col.created': 'Waktu',
  'submissions.more': 'dan {count} lainnya',

  'status.received': 'Diterima di desa',
  'status.sent': 'Dikirim',
  'status.accepted': 'Diterima OPD',
  'status.processing': 'Diproses',
  'status.done': 'Selesai',
  'status.rejected': 'Ditolak',
  'status.checking': 'Diperiksa di desa',
  'status.verified': 'Diverifikasi OPD',
  'status.incomplete': 'Perlu dilengkapi',
  'status.awaiting_signature': 'Menunggu tanda tangan',
  'status.ready': 'Selesai, siap diambil',
  'status.collected': 'Sudah diambil',

  'settings.title': 'Pengaturan',
  'settings.role': 'Peran perangkat',
  'settings.office': 'Kantor desa',
  'settings.saved': 'Pengaturan disimpan.',

  'kiosk.welcome': 'Selamat datang',
  'kiosk.welcome.help': 'Silakan sentuh layar untuk memulai.',

  'error.invalid_request': 'Data yang dikirim tidak lengkap atau salah. Periksa lagi isian Anda.',
  'error.unknown_call': 'Perintah tidak dikenal. Hubungi petugas.',
  'error.not_found': 'Data tidak ditemukan. Periksa lagi nomor yang Anda masukkan.',
  'error.conflict': 'Data ini sudah ada dengan isi berbeda. Hubungi petugas.',
  'error.unauthorized': 'Sesi tidak sah. Buka alamat yang ditampilkan saat Anjungan dinyalakan.',
  'error.device_unavailable': 'Perangkat belum siap. Tunggu sebentar atau hubungi petugas.',
  'error.printer_not_ready': 'Printer belum siap. Permohonan Anda tetap tersimpan; struk bisa dicetak ulang di meja layanan.',
  'error.catalogue_invalid': 'Daftar layanan tidak dapat dibaca. Hubungi petugas.',
  'error.sync_failed': 'Pengiriman data gagal. Data tetap tersimpan dan akan dikirim lagi.',
  'error.internal': 'Terjadi kesalahan. Data Anda tetap aman. Coba lagi atau hubungi petugas.',
  'error.offline': 'Tidak terhubung ke Anjungan. Tunggu sebentar, sedang menyambung kembali.',
  // Devices (issue 4): e-KTP reader, receipt printer, offline NIK checks.
  'devices.title': 'Perangkat',
  'devices.reader': 'Pembaca e-KTP',
  'devices.printer': 'Printer struk',
  'devices.lastError': 'Gangguan terakhir: {code} ({time})',
  'reader.disabled': 'Pembaca e-KTP tidak dipakai. Ketik NIK Anda.',
  'reader.connecting': 'Menyambung ke pembaca e-KTP…',
  'reader.connected': 'Pembaca e-KTP siap. Tempelkan KTP Anda.',
  'reader.disconnected': 'Pembaca e-KTP tidak tersambung. Periksa kabelnya, atau ketik NIK Anda.',
  'reader.not_responding': 'Pembaca e-KTP tidak menjawab. Cabut lalu pasang lagi kabelnya, atau ketik NIK Anda.',
  'reader.reading': 'Sedang membaca KTP. Jangan angkat kartu Anda.',
  'reader.error': 'Pembaca e-KTP bermasalah. Ketik NIK Anda atau hubungi petugas.',
  'reader.card_removed': 'Kartu diangkat sebelum selesai dibaca. Tempelkan lagi kartu Anda.',
  'reader.read_failed': 'KTP belum terbaca. Tempelkan lagi kartu Anda dan tahan sebentar.',
  'reader.uid_unknown': 'Kartu belum dikenal. Ketik NIK Anda sekali, lain kali cukup tempel kartu.',
  'printer.disabled': 'Printer struk tidak dipakai. Catat nomor registrasi Anda.',
  'printer.connecting': 'Menyambung ke printer…',
  'printer.connected': 'Printer siap.',
  'printer.disconnected': 'Printer tidak tersambung. Struk akan dicetak saat printer tersambung lagi.',
  'printer.not_responding': 'Printer tidak menjawab. Periksa kabel dan lampu printer.',
  'printer.printing': 'Sedang mencetak struk…',
  'printer.paper_out': 'Kertas printer habis. Petugas perlu mengganti gulungan kertas; struk Anda akan dicetak setelahnya.',
  'printer.paper_near_end': 'Kertas printer hampir habis. Siapkan gulungan baru.',
  'printer.cover_open': 'Tutup printer terbuka. Tutup rapat, lalu struk akan dicetak.',
  'printer.offline': 'Printer sedang tidak siap. Struk akan dicetak saat printer siap lagi.',
  'printer.error': 'Printer bermasalah. Hubungi petugas; permohonan Anda tetap tersimpan.',
  'print.printed': 'Struk sudah dicetak. Simpan struk ini.',
  'print.queued': 'Struk menunggu printer siap. Permohonan Anda tetap tersimpan.',
  'print.failed': 'Struk gagal dicetak. Petugas dapat mencetak ulang.',
  'nik.empty': 'NIK belum diisi. Ketik 16 angka NIK dari KTP Anda.',
  'nik.not_digits': 'NIK hanya berisi angka. Periksa lagi kartu Anda.',
  'nik.length': 'NIK harus 16 angka. Periksa lagi kartu Anda.',
  'nik.province': 'Dua angka pertama NIK bukan kode provinsi. Periksa lagi kartu Anda.',
  'nik.kabkota': 'Angka ke-3 dan ke-4 NIK bukan kode kabupaten/kota. Periksa lagi kartu Anda.',
  'nik.day': 'Tanggal lahir pada NIK (angka ke-7 dan ke-8) tidak mungkin. Periksa lagi kartu Anda.',
  'nik.month': 'Bulan lahir pada NIK (angka ke-9 dan ke-10) harus 01 sampai 12. Periksa lagi kartu Anda.',
  'nik.date': 'Tanggal lahir pada NIK tidak ada di kalender. Periksa lagi kartu Anda.',
  'nik.future': 'Tanggal lahir pada NIK belum lewat. Periksa lagi kartu Anda.',
  'nik.serial': 'Empat angka terakhir NIK tidak boleh 0000. Periksa lagi kartu Anda.',
  'nik.outside_serang': 'NIK ini terdaftar di luar Kabupaten Serang. Tetap bisa dilanjutkan.',
  'nik.kecamatan_unknown': 'Kode kecamatan pada NIK tidak ada di daftar sekarang. Tetap bisa dilanjutkan; petugas akan memeriksa.',
  'nik.very_old': 'Tahun lahir pada NIK sangat lama. Periksa lagi kartu Anda.',

  // sync (main/sync): operator panel
  'sync.title': 'Pengiriman ke kabupaten',
  'sync.state.idle': 'Semua data terkirim',
  'sync.state.waiting': 'Ada permohonan yang belum terkirim; segera dikirim',
  'sync.state.sending': 'Sedang mengirim data…',
  'sync.state.backoff': 'Pengiriman tertunda, akan dicoba lagi',
  'sync.state.offline': 'Tidak ada sambungan; data tersimpan dan dikirim nanti',
  'sync.state.disabled': 'Pengiriman tidak diaktifkan',
  'sync.backlog': '{count} permohonan menunggu dikirim',
  'sync.parked': '{count} permohonan ditolak server; periksa alasannya',
  'sync.last_success': 'Terakhir terkirim {time}',
  'sync.now': 'Kirim sekarang',
} as const;

export type MessageKey = keyof typeof id;
