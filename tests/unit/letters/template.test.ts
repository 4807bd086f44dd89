import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCatalogueFile, type ServiceDefinition } from '../../../shared/catalogue/schema.js';
import { checkTemplate, fillTemplate, parseTemplate, unknownPlaceholderOf } from '../../../shared/letters/template.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', 'main', 'catalogue');
const services = readdirSync(resolve(ROOT, 'services'))
  .map((f) => validateCatalogueFile(f, JSON.parse(readFileSync(resolve(ROOT, 'services', f), 'utf8'))))
  .flatMap((r) => (r.ok ? [r.service] : []));
const service = (id: string): ServiceDefinition => services.find((s) => s.id === id)!;

const GOOD = `# catatan
judul: SURAT KETERANGAN COBA
kode: 470
versi: 2

[isi]
Yang bertanda tangan di bawah ini, Kepala Desa {kantor.desa},
menerangkan bahwa:

[data]
Nama: {pemohon.nama|besar}
Lahir: {pemohon.tempatLahir}, {pemohon.tanggalLahir}
Keperluan: {isian.keperluan}

[isi]
Paragraf satu.

Paragraf dua.
`;

describe('letter templates', () => {
  it('parse: header, text paragraphs joined across lines, data rows, with their line numbers', () => {
    const r = parseTemplate('coba.txt', GOOD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.template).toMatchObject({ id: 'coba', title: 'SURAT KETERANGAN COBA', kode: '470', version: 2 });
    expect(r.template.blocks[0]).toEqual({ kind: 'text', paragraphs: [{ text: 'Yang bertanda tangan di bawah ini, Kepala Desa {kantor.desa}, menerangkan bahwa:', line: 7 }] });
    expect(r.template.blocks[1]).toMatchObject({ kind: 'data', rows: [{ label: 'Nama', line: 11 }, { label: 'Lahir', line: 12 }, { label: 'Keperluan', line: 13 }] });
    expect(r.template.blocks[2]).toMatchObject({ kind: 'text', paragraphs: [{ text: 'Paragraf satu.', line: 16 }, { text: 'Paragraf dua.', line: 18 }] });
  });

  it('an unknown placeholder is refused with file, line and placeholder', () => {
    const text = GOOD.replace('Keperluan: {isian.keperluan}', 'Keperluan: {isian.keperluan}\nSekolah: {isian.namaSekolah}').replace('{kantor.desa}', '{kantor.lurah}');
    const r = parseTemplate('coba.txt', text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(checkTemplate(r.template, service('surat-domisili'))).toEqual([
      'file letters/coba.txt: line 7: unknown placeholder {kantor.lurah}',
      'file letters/coba.txt: line 14: unknown placeholder {isian.namaSekolah} (service surat-domisili has no field "namaSekolah")',
    ]);
    expect(checkTemplate(r.template, service('sktm')).some((e) => e.includes('namaSekolah'))).toBe(false);
    const mod = parseTemplate('coba.txt', GOOD.replace('|besar', '|miring'));
    expect(mod.ok && checkTemplate(mod.template, service('surat-domisili'))).toEqual(['file letters/coba.txt: line 11: unknown modifier |miring in {pemohon.nama|miring} (use |besar or |kecil)']);
    // The desk says the same in Bahasa from these parts (CataloguePanel).
    expect(checkTemplate(r.template, service('surat-domisili')).map(unknownPlaceholderOf)).toEqual([
      { file: 'letters/coba.txt', line: 7, placeholder: '{kantor.lurah}' },
      { file: 'letters/coba.txt', line: 14, placeholder: '{isian.namaSekolah}' },
    ]);
    expect(unknownPlaceholderOf('file letters/coba.txt: line 11: unknown modifier |miring in {pemohon.nama|miring} (use |besar or |kecil)')).toBeNull();
  });

  it('syntax errors name their line', () => {
    const r = parseTemplate('rusak.txt', 'judul: X Y Z\nkode: 470\nversi: 1\n[isi]\nTeks {pemohon.nama tanpa tutup\n[lampiran]\n');
    expect(r).toEqual({
      ok: false,
      errors: ['file letters/rusak.txt: line 6: unknown section [lampiran] (use [isi] or [data])', 'file letters/rusak.txt: line 5: a "{" or "}" without its pair'],
    });
    const missing = parseTemplate('kosong.txt', '[isi]\nTeks.\n');
    expect(missing.ok ? [] : missing.errors).toEqual([
      'file letters/kosong.txt: line 1: "judul:" (the title) is missing',
      'file letters/kosong.txt: line 1: "kode:" (the classification code of the number) is missing',
      'file letters/kosong.txt: line 1: "versi:" is missing',
    ]);
    expect(parseTemplate('besar.txt', 'x'.repeat(40_000))).toMatchObject({ ok: false, errors: [expect.stringMatching(/longer than/)] });
  });

  it('every shipped template parses and is valid against every service that names it; every desa letter service names one', () => {
    const named = services.filter((s) => s.letter);
    expect(named.map((s) => s.id).sort()).toEqual(['keterangan-kelahiran', 'keterangan-kematian', 'pengantar-nikah', 'sktm', 'sku', 'surat-domisili']);
    for (const svc of named) {
      const r = parseTemplate(`${svc.letter}.txt`, readFileSync(resolve(ROOT, 'letters', `${svc.letter}.txt`), 'utf8'));
      expect(r.ok ? [] : r.errors).toEqual([]);
      if (r.ok) expect(checkTemplate(r.template, svc)).toEqual([]);
    }
  });

  it('fill: values replace placeholders, |besar upper-cases, an empty value prints "-", and a data row with only empty values is left out', () => {
    const r = parseTemplate('coba.txt', GOOD);
    if (!r.ok) throw new Error('bad template');
    const filled = fillTemplate(r.template, { 'kantor.desa': 'Kramatwatu', 'pemohon.nama': 'Siti Aminah', 'pemohon.tempatLahir': 'SERANG', 'isian.keperluan': '' });
    expect(filled[0]).toEqual({ kind: 'text', paragraphs: ['Yang bertanda tangan di bawah ini, Kepala Desa Kramatwatu, menerangkan bahwa:'] });
    expect(filled[1]).toEqual({ kind: 'data', rows: [{ label: 'Nama', value: 'SITI AMINAH' }, { label: 'Lahir', value: 'SERANG, -' }] });
  });

  it('a service may name a letter only when the desa completes it', () => {
    const forward = services.find((s) => s.completion === 'forward')!;
    const r = validateCatalogueFile(`${forward.id}.json`, { ...forward, letter: 'sktm' });
    expect(r.ok ? [] : r.errors).toEqual([`file ${forward.id}.json: field letter: only a service the desa completes itself (completion "desa") issues a letter`]);
  });
});
