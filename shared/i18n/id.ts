/**
 * The message catalogue, Bahasa Indonesia: the source of every text the resident or operator
 * sees or hears. Keys are grouped by screen. `{name}` is filled in by `t()`.
 * Plain words, short sentences; every error says what to do next.
 */
export const id = {
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
} as const;

export type MessageKey = keyof typeof id;
