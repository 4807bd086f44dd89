import type { Language } from '../domain/settings.js';
import { en } from './en.js';
import { id, type MessageKey } from './id.js';

export type { MessageKey };

const catalogues: Record<Language, Record<MessageKey, string>> = { id, en };

/** Looks a message up and fills `{name}` placeholders. A missing value leaves the placeholder visible. */
export function t(lang: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = catalogues[lang][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(id, key);
}
