import { WILAYAH_3604, type WilayahLevel } from './wilayah-data.js';

export interface Region {
  code: string;
  name: string;
  level: WilayahLevel;
}

const byCode = new Map<string, Region>(WILAYAH_3604.map(([code, name, level]) => [code, { code, name, level }]));

export function findRegion(code: string): Region | undefined {
  return byCode.get(code);
}

export function kecamatanList(): Region[] {
  return [...byCode.values()].filter((r) => r.level === 'kecamatan');
}

export function desaOf(kecamatanCode: string): Region[] {
  return [...byCode.values()].filter((r) => r.level === 'desa' && r.code.startsWith(`${kecamatanCode}.`));
}

/** The office as people name it: "Desa Kramatwatu, Kecamatan Kramatwatu". */
export interface OfficeName {
  code: string;
  desa: string;
  kecamatan: string;
}

export function officeName(desaCode: string): OfficeName | undefined {
  const desa = byCode.get(desaCode);
  const kec = byCode.get(desaCode.split('.').slice(0, 3).join('.'));
  if (!desa || desa.level !== 'desa' || !kec) return undefined;
  return { code: desaCode, desa: desa.name, kecamatan: kec.name };
}
