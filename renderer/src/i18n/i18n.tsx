import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '../../../shared/domain/settings.js';
import { t as translate, type MessageKey } from '../../../shared/i18n/index.js';

interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/** Bahasa Indonesia first; the language can be switched for the current session. */
export function I18nProvider({ initial, children }: { initial: Language; children: ReactNode }) {
  const [lang, setLang] = useState<Language>(initial);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, values) => translate(lang, key, values) }), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
