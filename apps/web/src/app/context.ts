import { createContext } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import {
  formatAge,
  formatDate,
  formatDateTime,
  formatMessage,
  type Language,
  type MessageKey,
  type MessageParams,
} from '../i18n/index.ts';
import type { Services } from './services.ts';
import { useStore } from './store.ts';

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}

export type I18n = {
  lang: Language;
  t(key: MessageKey, params?: MessageParams): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  age(iso: string): string;
};

/** The current language and its formatting helpers; re-renders when the language changes. */
export function useI18n(): I18n {
  const { language } = useServices();
  const { lang, dict } = useStore(language);
  return useMemo(
    () => ({
      lang,
      t: (key, params) => formatMessage(lang, dict[key] ?? key, params),
      date: (iso) => formatDate(lang, iso),
      dateTime: (iso) => formatDateTime(lang, iso),
      age: (iso) => formatAge(lang, iso, new Date().toISOString()),
    }),
    [lang, dict],
  );
}
