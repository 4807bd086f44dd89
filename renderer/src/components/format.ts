import type { Language } from '../../../shared/domain/settings.js';

const locales: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

export function formatDateTime(iso: string, lang: Language): string {
  return new Date(iso).toLocaleString(locales[lang], { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A byte count for people: "820 KB", "12,5 MB" (the locale's comma). Counted in 1024s, as a link's
 * budget is set (`budget=50MB`, the links editor's MB) and as phone quotas are sold, so a 50 MB
 * budget reads back as 50 MB.
 */
export function formatBytes(n: number, lang: Language): string {
  const k = 1024;
  const [v, unit] = n >= k ** 3 ? [n / k ** 3, 'GB'] : n >= k ** 2 ? [n / k ** 2, 'MB'] : n >= k ? [n / k, 'KB'] : [n, 'B'];
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
