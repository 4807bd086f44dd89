// Synthetic but realistic kiosk submissions (~1.3 KB of JSON each) for the sync tests and bench.
// Deterministic for a seed: names, NIK, addresses in Kabupaten Serang, answers of a service form.
import { randomUUID } from 'node:crypto';

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
const FIRST = ['Ahmad', 'Siti', 'Muhammad', 'Nur', 'Dedi', 'Rina', 'Asep', 'Euis', 'Ujang', 'Neng', 'Budi', 'Dewi', 'Hendra', 'Yuli', 'Agus', 'Sri', 'Iwan', 'Lilis', 'Rohman', 'Kokom'];
const LAST = ['Hidayat', 'Rahmawati', 'Saputra', 'Fauziah', 'Sulaeman', 'Nurhayati', 'Suhendar', 'Maesaroh', 'Kurniawan', 'Hasanah', 'Setiawan', 'Mulyani'];
const KEC = ['Ciruas', 'Kramatwatu', 'Waringinkurung', 'Cikeusal', 'Pamarayan', 'Kibin', 'Cikande', 'Anyar', 'Cinangka', 'Padarincang', 'Baros', 'Petir'];
const DESA = ['Kaserangan', 'Pelawad', 'Ranjeng', 'Citerep', 'Singamerta', 'Kebonratu', 'Terate', 'Lebakwana', 'Sindangsari', 'Pejaten'];
const JOBS = ['Petani', 'Pedagang', 'Buruh harian lepas', 'Wiraswasta', 'Mengurus rumah tangga', 'Pelajar', 'Karyawan swasta', 'Nelayan'];
const SERVICES = ['surat-domisili', 'surat-keterangan-usaha', 'surat-tidak-mampu', 'ktp-el-baru', 'kartu-keluarga-ubah', 'akta-kelahiran'];
const REASONS = [
  'Untuk persyaratan pendaftaran sekolah anak di SMP negeri terdekat',
  'Untuk pengajuan bantuan modal usaha mikro dari pemerintah kabupaten',
  'Untuk melengkapi berkas lamaran pekerjaan di kawasan industri Cikande',
  'Untuk persyaratan pembukaan rekening tabungan di bank',
  'Untuk pengurusan BPJS Kesehatan anggota keluarga',
];

export function makeSubmission(r, i) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const digits = (n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  const kec = pick(KEC);
  const desa = pick(DESA);
  const service = pick(SERVICES);
  const created = new Date(Date.UTC(2026, 10, 1 + (i % 28), 1 + (i % 9), i % 60, (i * 7) % 60)).toISOString();
  return {
    id: randomUUID(),
    serviceId: service,
    serviceVersion: 1 + (i % 3),
    registrationNo: `0520${digits(2)}-${digits(4)}-2611${digits(2)}-${String(i % 10000).padStart(4, '0')}`,
    createdAt: created,
    payload: {
      pemohon: {
        nama: name,
        nik: `3604${digits(12)}`,
        noKk: `3604${digits(12)}`,
        tempatLahir: pick(['Serang', 'Cilegon', 'Pandeglang', 'Lebak', 'Tangerang']),
        tanggalLahir: `19${60 + Math.floor(r() * 45)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
        jenisKelamin: r() < 0.5 ? 'L' : 'P',
        agama: pick(['Islam', 'Islam', 'Islam', 'Kristen', 'Katolik']),
        pekerjaan: pick(JOBS),
        statusPerkawinan: pick(['Belum kawin', 'Kawin', 'Cerai hidup']),
        telepon: `08${digits(10)}`,
      },
      alamat: {
        jalan: `Kp. ${pick(DESA)} ${pick(['Girang', 'Hilir', 'Tengah', 'Baru'])}`,
        rt: digits(3),
        rw: digits(3),
        desa,
        kecamatan: kec,
        kabupaten: 'Serang',
        provinsi: 'Banten',
        kodePos: `421${digits(2)}`,
      },
      keperluan: `${pick(REASONS)}; diajukan di anjungan Desa ${desa} pada ${created.slice(0, 10)}.`,
      lampiran: [
        { jenis: 'ktp', diperiksa: r() < 0.9, catatan: r() < 0.3 ? 'Fotokopi kurang jelas, sudah dipindai ulang oleh petugas' : null },
        { jenis: 'kk', diperiksa: r() < 0.9, catatan: null },
      ],
      persetujuan: { dataBenar: true, bersediaDihubungi: r() < 0.8, waktu: created },
      petugas: r() < 0.5 ? null : { nama: `${pick(FIRST)} ${pick(LAST)}`, nip: digits(18) },
      catatanTambahan: r() < 0.4 ? `Pemohon datang bersama ${pick(['suami', 'istri', 'anak', 'orang tua'])}; mohon dihubungi lewat telepon siang hari.` : '',
    },
  };
}

/** n JSONL lines (interchange format); with photoKb set, each carries a JPEG-like (incompressible) attachment. */
export function makeJsonl(n, { seed = 42, photoKb = null } = {}) {
  const r = rng(seed);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const s = makeSubmission(r, i);
    if (photoKb) {
      const kb = photoKb[0] + Math.floor(r() * (photoKb[1] - photoKb[0] + 1));
      const bytes = Buffer.alloc(kb * 1024);
      for (let j = 0; j < bytes.length; j += 4) bytes.writeUInt32LE(Math.floor(r() * 4294967296), j);
      bytes[0] = 0xff;
      bytes[1] = 0xd8;
      s.attachment = { name: `foto-${i}.jpg`, content_type: 'image/jpeg', length: bytes.length, data_b64: bytes.toString('base64') };
    }
    lines.push(JSON.stringify(s));
  }
  return lines;
}
