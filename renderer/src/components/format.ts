import type { Language } from '../../../shared/domain/settings.js';

const locales: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

export function formatDateTime(iso: string, lang: Language): string {
  return new Date(iso).toLocaleString(locales[lang], { dateStyle: 'medium', timeStyle: 'short' });
}
