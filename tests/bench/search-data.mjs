// Synthetic register for the search bench: deterministic for a seed. Indonesian (Sundanese,
// Javanese, Arabic-derived) given and family names with a skewed spread (a few very common, a
// long tail), plus generated names for one person in six; NIKs of Kabupaten Serang (3604…,
// kecamatan, birth date with +40 for women, serial); mobile numbers; registration numbers and
// tracking codes in the real formats.

export function rng(seed) {
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

const GIVEN = [
  'Ahmad', 'Muhammad', 'Siti', 'Nur', 'Dewi', 'Agus', 'Budi', 'Sri', 'Dedi', 'Asep', 'Ujang', 'Euis', 'Neng', 'Rina', 'Yuli',
  'Hendra', 'Iwan', 'Lilis', 'Eka', 'Dwi', 'Tri', 'Rizky', 'Fajar', 'Putri', 'Indah', 'Ayu', 'Wahyu', 'Joko', 'Bambang', 'Slamet',
  'Heri', 'Yusuf', 'Abdul', 'Ade', 'Entis', 'Odih', 'Maman', 'Enung', 'Imas', 'Tati', 'Cucu', 'Dede', 'Ikah', 'Nining', 'Rohmat',
  'Rohaeti', 'Suryani', 'Jaenudin', 'Iis', 'Lina', 'Mulyadi', 'Nurul', 'Aisyah', 'Fitri', 'Rahmat', 'Arif', 'Dian', 'Andi', 'Irfan',
  'Ilham', 'Rudi', 'Saepul', 'Udin', 'Achmad', 'Mohamad', 'Encep', 'Oneng', 'Yayat', 'Juju', 'Acep', 'Komarudin', 'Sukma',
];
const FAMILY = [
  'Suhendra', 'Hidayat', 'Rohman', 'Saputra', 'Kurniawan', 'Setiawan', 'Wijaya', 'Pratama', 'Hidayati', 'Rahmawati', 'Nurhayati',
  'Fauziah', 'Sulaeman', 'Maesaroh', 'Hasanah', 'Mulyani', 'Suhendar', 'Sutisna', 'Supriatna', 'Sopian', 'Hermawan', 'Gunawan',
  'Firmansyah', 'Ramadhan', 'Maulana', 'Syahputra', 'Santoso', 'Susanto', 'Hartono', 'Suryadi', 'Sudrajat', 'Permana', 'Nugraha',
  'Purnama', 'Kusnadi', 'Suherman', 'Jamaludin', 'Nurdin', 'Hamdani', 'Fathurrohman', 'Baihaki', 'Rosyidi', 'Mubarok', 'Ismail',
  'Ibrahim', 'Abdullah', 'Hakim', 'Saefudin', 'Mahmud', 'Juhana', 'Sarip', 'Marpuah', 'Khoirunnisa', 'Wulandari', 'Anggraeni',
];
const SYLLABLES = ['su', 'har', 'to', 'ja', 'ya', 'di', 'man', 'sa', 'ri', 'mi', 'na', 'wan', 'ti', 'ra', 'ha', 'ka', 'yah', 'tun', 'dar', 'pur', 'ma', 'sih', 'kar', 'wi', 'ro', 'dah', 'se', 'nen', 'jo', 'li'];
const SERVICES = ['surat-domisili', 'sktm', 'sku', 'ktp-el-baru', 'kk-perubahan', 'akta-kelahiran', 'pengantar-nikah', 'pindah'];
const OPERATORS = ['12', '13', '21', '22', '52', '53', '57', '58', '77', '78', '95', '96'];
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DEVICES = ['K7Q2', 'M9XD', 'A1B0'];
const START = Date.UTC(2023, 0, 2, 1, 0, 0);
/** Three years of captures for a million rows: ~900 a day. */
const STEP_MS = 94_000;

/** Zipf-like pick: index 0 is the most common. */
function skewed(r, list, s = 0.9) {
  const weights = list.map((_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cum = [];
  let acc = 0;
  for (const w of weights) cum.push((acc += w / total));
  return () => {
    const x = r();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cum[m] < x) lo = m + 1;
      else hi = m;
    }
    return list[lo];
  };
}

function crockford(n, len) {
  let out = '';
  for (let i = 0; i < len; i++) {
    out = CROCKFORD[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

export function makeGenerator(seed = 7) {
  const r = rng(seed);
  const given = skewed(r, GIVEN);
  const family = skewed(r, FAMILY, 0.8);
  const kecamatan = skewed(r, Array.from({ length: 29 }, (_, i) => String(i + 1).padStart(2, '0')), 0.5);
  const digits = (n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  const coined = () => {
    const n = 2 + Math.floor(r() * 2);
    const w = Array.from({ length: n }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join('');
    return w[0].toUpperCase() + w.slice(1);
  };
  const perDay = new Map();

  return function row(i) {
    const shape = r();
    const parts = [given()];
    if (shape > 0.1) parts.push(r() < 1 / 6 ? coined() : family());
    if (shape > 0.7) parts.splice(1, 0, r() < 0.5 ? given() : family());
    const nama = parts.join(' ').toUpperCase();
    const female = r() < 0.5;
    const day = 1 + Math.floor(r() * 28);
    const nik = `3604${kecamatan()}${String(day + (female ? 40 : 0)).padStart(2, '0')}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(60 + Math.floor(r() * 45)).slice(-2)}${String(1 + (i % 9999)).padStart(4, '0')}`;
    const created = new Date(START + i * STEP_MS);
    const ymd = created.toISOString().slice(2, 10).replace(/-/g, '');
    const device = DEVICES[i % DEVICES.length];
    const key = `${device}${ymd}`;
    const seq = (perDay.get(key) ?? 0) + 1;
    perDay.set(key, seq);
    if (perDay.size > 64) perDay.delete(perDay.keys().next().value);
    // A bijection of i on 40 bits: unique tracking codes that look random.
    const tracking = crockford((BigInt(i) * 0x9e3779b1n + 0x2545f491n) & 0xffffffffffn, 8);
    const phone = r() < 0.6 ? `08${OPERATORS[Math.floor(r() * OPERATORS.length)]}${digits(7 + Math.floor(r() * 2))}` : null;
    return {
      nama,
      nik,
      phone,
      createdAt: created.toISOString(),
      registrationNo: `0520${String(1 + (i % 12)).padStart(2, '0')}-${device}-${ymd}-${String(seq).padStart(4, '0')}`,
      trackingCode: tracking,
      serviceId: SERVICES[i % SERVICES.length],
    };
  };
}

/** The stored request (shared/domain/request.ts) of a generated row. */
export function requestPayload(p, i) {
  return {
    applicant: { nik: p.nik, nama: p.nama, alamat: `KP. KRAMAT RT 00${1 + (i % 9)}/RW 00${1 + (i % 5)}, KRAMATWATU`, source: i % 3 === 0 ? 'manual' : 'card' },
    answers: p.phone ? { keperluan: 'kerja', noHp: p.phone } : { keperluan: 'kerja' },
    requirementsChecked: ['pengantar-rt'],
    consent: { accepted: true, statementVersion: 'pdp-2026-01', at: p.createdAt },
    channel: i % 4 === 0 ? 'desk' : 'kiosk',
    operator: i % 4 === 0 ? { username: 'siti', name: 'Siti Aminah' } : null,
    queueNo: `B-${String(1 + (i % 300)).padStart(3, '0')}`,
  };
}

/** An interchange line of another shape (what `anjungan import` stores): pemohon object, or top-level fields. */
export function importedLine(p, id, i) {
  return i % 2 === 0
    ? JSON.stringify({ id, serviceId: p.serviceId, payload: { pemohon: { nik: p.nik, nama: p.nama, telepon: p.phone ?? undefined } } })
    : JSON.stringify({ id, nik: p.nik, nama: p.nama, noHp: p.phone ?? undefined, sumber: 'siak' });
}

/** One typing slip in a word of 4+ letters: swap, drop, replace or add a letter. */
export function typo(r, word) {
  if (word.length < 4) return word;
  const at = 1 + Math.floor(r() * (word.length - 2));
  const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 26)];
  switch (Math.floor(r() * 4)) {
    case 0:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + letter + word.slice(at + 1);
    default:
      return word.slice(0, at) + letter + word.slice(at);
  }
}
