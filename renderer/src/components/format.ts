import type { Language } from '../../../shared/domain/settings.js';

const locales: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

export function formatDateTime(iso: string, lang: Language): string {
  return new Date(iso).toLocaleString(locales[lang], { dateStyle: 'medium', timeStyle: 'short' });
}

/** A byte count for people: "820 kB", "12,5 MB" (decimal units, the locale's comma). */
export function formatBytes(n: number, lang: Language): string {
  const [v, unit] = n >= 1e9 ? [n / 1e9, 'GB'] : n >= 1e6 ? [n / 1e6, 'MB'] : n >= 1e3 ? [n / 1e3, 'kB'] : [n, 'B'];
  return `${v.toLocaleString(locales[lang], { maximumFractionDigits: v < 10 ? 1 : 0 })} ${unit}`;
}

/** A duration for people: "45 detik", "12 menit", "3 jam 10 menit". */
export function formatDuration(seconds: number, lang: Language): string {
  const w = lang === 'id' ? { s: 'detik', m: 'menit', h: 'jam' } : { s: 's', m: 'min', h: 'h' };
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} ${w.s}`;
  const min = Math.round(seconds / 60);
  if (min < 60) return `${min} ${w.m}`;
  return `${Math.floor(min / 60)} ${w.h}${min % 60 ? ` ${min % 60} ${w.m}` : ''}`;
}
