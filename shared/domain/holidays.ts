/**
 * Days the office is closed besides Saturdays and Sundays: national holidays (libur nasional)
 * and collective leave (cuti bersama), which government offices, desa offices included, observe.
 *
 * 2026: SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497/2025, 2/2025,
 * 5/2025 (19 Sep 2025): 17 libur nasional, 8 cuti bersama.
 * 2027: provisional, from the calendars (Hijri dates by hisab; Easter by computus; Nyepi, Waisak
 * and Imlek by their calendars). Replace with the SKB for 2027 when it is published: add or edit
 * rows here; nothing else changes.
 */
export interface Holiday {
  date: string;
  name: string;
  kind: 'libur' | 'cuti-bersama';
  provisional?: true;
}

const L = (date: string, name: string): Holiday => ({ date, name, kind: 'libur' });
const C = (date: string, name: string): Holiday => ({ date, name, kind: 'cuti-bersama' });
const P = (date: string, name: string): Holiday => ({ date, name, kind: 'libur', provisional: true });

export const HOLIDAYS: readonly Holiday[] = [
  L('2026-01-01', 'Tahun Baru 2026 Masehi'),
  L('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'),
  C('2026-02-16', 'Cuti bersama Tahun Baru Imlek'),
  L('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'),
  C('2026-03-18', 'Cuti bersama Hari Suci Nyepi'),
  L('2026-03-19', 'Hari Suci Nyepi (Tahun Baru Saka 1948)'),
  C('2026-03-20', 'Cuti bersama Idul Fitri'),
  L('2026-03-21', 'Idul Fitri 1447 Hijriah'),
  L('2026-03-22', 'Idul Fitri 1447 Hijriah'),
  C('2026-03-23', 'Cuti bersama Idul Fitri'),
  C('2026-03-24', 'Cuti bersama Idul Fitri'),
  L('2026-04-03', 'Wafat Yesus Kristus'),
  L('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)'),
  L('2026-05-01', 'Hari Buruh Internasional'),
  L('2026-05-14', 'Kenaikan Yesus Kristus'),
  C('2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus'),
  L('2026-05-27', 'Idul Adha 1447 Hijriah'),
  C('2026-05-28', 'Cuti bersama Idul Adha'),
  L('2026-05-31', 'Hari Raya Waisak 2570 BE'),
  L('2026-06-01', 'Hari Lahir Pancasila'),
  L('2026-06-16', '1 Muharam Tahun Baru Islam 1448 Hijriah'),
  L('2026-08-17', 'Proklamasi Kemerdekaan'),
  L('2026-08-25', 'Maulid Nabi Muhammad SAW'),
  C('2026-12-24', 'Cuti bersama Kelahiran Yesus Kristus'),
  L('2026-12-25', 'Kelahiran Yesus Kristus'),

  { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'libur' },
  P('2027-01-05', 'Isra Mikraj Nabi Muhammad SAW'),
  P('2027-02-06', 'Tahun Baru Imlek 2578 Kongzili'),
  P('2027-03-08', 'Hari Suci Nyepi (Tahun Baru Saka 1949)'),
  P('2027-03-10', 'Idul Fitri 1448 Hijriah'),
  P('2027-03-11', 'Idul Fitri 1448 Hijriah'),
  { date: '2027-03-26', name: 'Wafat Yesus Kristus', kind: 'libur' },
  { date: '2027-03-28', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'libur' },
  { date: '2027-05-01', name: 'Hari Buruh Internasional', kind: 'libur' },
  { date: '2027-05-06', name: 'Kenaikan Yesus Kristus', kind: 'libur' },
  P('2027-05-17', 'Idul Adha 1448 Hijriah'),
  P('2027-05-20', 'Hari Raya Waisak 2571 BE'),
  { date: '2027-06-01', name: 'Hari Lahir Pancasila', kind: 'libur' },
  P('2027-06-06', '1 Muharam Tahun Baru Islam 1449 Hijriah'),
  { date: '2027-08-17', name: 'Proklamasi Kemerdekaan', kind: 'libur' },
  P('2027-08-15', 'Maulid Nabi Muhammad SAW'),
  { date: '2027-12-25', name: 'Kelahiran Yesus Kristus', kind: 'libur' },
];
