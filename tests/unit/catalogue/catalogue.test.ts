import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNikInput, cleanAnswers, initials, validateAnswer, validateAnswers, visibleFields } from '../../../shared/catalogue/answers.js';
import { validateCatalogueFile, type ServiceDefinition } from '../../../shared/catalogue/schema.js';
import { ikmFrom, SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import { findRegion } from '../../../shared/domain/wilayah.js';

const DIR = resolve(import.meta.dirname, '..', '..', '..', 'main', 'catalogue', 'services');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (name: string): unknown => JSON.parse(readFileSync(join(DIR, name), 'utf8'));
const service = (name: string): ServiceDefinition => {
  const r = validateCatalogueFile(name, load(name));
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.service;
};

describe('shipped catalogue', () => {
  it('has at least 15 services across the agencies of Kabupaten Serang', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    const agencies = new Set(files.map((f) => service(f).agency));
    expect([...agencies].sort()).toEqual(['bapenda', 'desa', 'dinsos', 'disnakertrans', 'dukcapil', 'pengaduan']);
    for (const id of ['ktp-el-baru', 'ktp-el-rusak-hilang', 'kk-baru', 'kk-perubahan', 'akta-kelahiran', 'pindah', 'ak-1', 'surat-domisili', 'sktm', 'sku', 'pengantar-nikah', 'keterangan-kematian', 'pbb', 'dtks', 'pengaduan', 'kritik-saran']) {
      expect(files).toContain(`${id}.json`);
    }
  });

  it.each(files)('%s validates', (name) => {
    const r = validateCatalogueFile(name, load(name));
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('one queue letter per service group (agency)', () => {
    const byOpd = new Map<string, Set<string>>();
    for (const f of files) {
      const s = service(f);
      byOpd.set(s.agency, (byOpd.get(s.agency) ?? new Set()).add(s.queueGroup));
    }
    for (const letters of byOpd.values()) expect(letters.size).toBe(1);
  });
});

describe('validateCatalogueFile: precise messages', () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(load('surat-domisili.json'))) as Record<string, unknown>;

  it('names the file, the field path and the problem', () => {
    const bad = good();
    (bad['fields'] as Record<string, unknown>[])[0]!['options'] = [{ value: 'Kerja!', label: 'x' }];
    const r = validateCatalogueFile('surat-domisili.json', bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.some((e) => e.startsWith('file surat-domisili.json: field fields[0].options'))).toBe(true);
  });

  it('reports an unknown key, a missing title, a bad visibleIf and an id/file mismatch', () => {
    const b1 = { ...good(), colour: 'red' };
    const r1 = validateCatalogueFile('surat-domisili.json', b1);
    expect(!r1.ok && r1.errors.join()).toMatch(/file surat-domisili.json: field \(root\): .*colour/);
    const b2 = good();
    delete b2['title'];
    const r2 = validateCatalogueFile('surat-domisili.json', b2);
    expect(!r2.ok && r2.errors.join()).toContain('file surat-domisili.json: field title:');
    const b3 = good();
    (b3['fields'] as Record<string, unknown>[])[1]!['visibleIf'] = { field: 'keperluan', in: ['tidak-ada'] };
    const r3 = validateCatalogueFile('surat-domisili.json', b3);
    expect(!r3.ok && r3.errors.join()).toContain('field fields[1].visibleIf.in: "tidak-ada" is not a value of field "keperluan"');
    const r4 = validateCatalogueFile('lain.json', good());
    expect(!r4.ok && r4.errors.join()).toContain('file lain.json: field id:');
  });

  it('refuses a forwarded service without forwardTo and a desa field without its kecamatan', () => {
    const b = JSON.parse(JSON.stringify(load('pindah.json'))) as Record<string, unknown>;
    delete b['forwardTo'];
    (b['fields'] as Record<string, unknown>[])[2]!['kecamatanField'] = 'tujuan';
    const r = validateCatalogueFile('pindah.json', b);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('file pindah.json: field forwardTo: a forwarded service must name the agency in forwardTo');
    expect(r.errors.some((e) => e.startsWith('file pindah.json: field fields[2].kecamatanField:'))).toBe(true);
  });
});

describe('answers', () => {
  const pindah = service('pindah.json');
  it('shows conditional fields only when their condition holds', () => {
    expect(visibleFields(pindah, {}).map((f) => f.id)).toEqual(['tujuan', 'jumlahPindah', 'alasan', 'noHp']);
    expect(visibleFields(pindah, { tujuan: 'dalam-kabupaten' }).map((f) => f.id)).toContain('desaTujuan');
    expect(visibleFields(pindah, { tujuan: 'luar-kabupaten' }).map((f) => f.id)).toContain('alamatTujuan');
    expect(cleanAnswers(pindah, { tujuan: 'luar-kabupaten', desaTujuan: 'x' })).toEqual({ tujuan: 'luar-kabupaten' });
  });

  it('region choices match on code from the wilayah data', () => {
    const kec = '36.04.20';
    expect(findRegion(kec)?.name).toBe('Tunjung Teja');
    const answers = { tujuan: 'dalam-kabupaten', kecamatanTujuan: kec, desaTujuan: '36.04.20.2001', jumlahPindah: '2', alasan: 'keluarga' };
    expect(validateAnswers(pindah, answers, '2026-01-01')).toEqual({});
    expect(validateAnswers(pindah, { ...answers, desaTujuan: '36.04.05.2001' }, '2026-01-01')).toHaveProperty('desaTujuan');
  });

  it('every problem is a catalogue message key', () => {
    const f = pindah.fields.find((x) => x.id === 'jumlahPindah')!;
    expect(validateAnswer(f, '', {}, '2026-01-01')).toEqual({ key: 'validate.required' });
    expect(validateAnswer(f, 'dua', {}, '2026-01-01')).toEqual({ key: 'validate.number' });
    expect(validateAnswer(f, '30', {}, '2026-01-01')).toEqual({ key: 'validate.max', values: { max: 20 } });
  });

  it('checks a typed NIK offline', () => {
    expect(checkNikInput('3604054107900001')).toBeNull();
    expect(checkNikInput('360405410790')?.key).toBe('validate.nik.length');
    expect(checkNikInput('3604053207900001')?.key).toBe('validate.nik.date');
    expect(checkNikInput('3604054107900000')?.key).toBe('validate.nik.serial');
    expect(checkNikInput('0004054107900001')?.key).toBe('validate.nik.region');
    expect(initials('Siti  Nurhaliza binti Ahmad')).toBe('S. N. B. A.');
  });
});

describe('IKM (PermenPAN-RB 14/2017)', () => {
  it('equal weights, x25, mutu bands', () => {
    const sums = Object.fromEntries(SKM_UNSUR.map((u) => [u, { sum: 3 * 10 + 4 * 10, count: 20 }])) as Parameters<typeof ikmFrom>[1];
    const r = ikmFrom(20, sums);
    expect(r.ikm).toBe(3.5);
    expect(r.converted).toBe(87.5);
    expect(r.mutu).toBe('B');
    const all4 = Object.fromEntries(SKM_UNSUR.map((u) => [u, { sum: 40, count: 10 }])) as Parameters<typeof ikmFrom>[1];
    expect(ikmFrom(10, all4)).toMatchObject({ converted: 100, mutu: 'A', kinerja: 'Sangat baik' });
  });
});
