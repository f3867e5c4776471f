import { en } from './en.ts';

/** The USMCA languages the app speaks. */
export const languages = ['en', 'es', 'fr'] as const;
export type Language = (typeof languages)[number];

/** Every UI string key (the English dictionary is the reference). */
export type MessageKey = keyof typeof en;
/** One language's strings: every key of the English dictionary, nothing else. */
export type Dictionary = { readonly [K in MessageKey]: string };

/** A value placed into a message: text, a number, or an ISO date / date-time formatted for the language. */
export type MessageParam = string | number | { date: string } | { dateTime: string };
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** BCP 47 locales used for dates and numbers. */
export const locales: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-MX', fr: 'fr-CA' };

/** Each language's own name (shown in the language menu in that language). */
export const languageNames: Readonly<Record<Language, string>> = { en: 'English', es: 'Español', fr: 'Français' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The language to use: the remembered choice when there is one, else the first of the browser's
 * preferred languages that the app speaks (by primary subtag), else English.
 */
export function pickLanguage(preferred: readonly string[], remembered?: string | null): Language {
  if (isLanguage(remembered)) return remembered;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** Loads a language's dictionary (Spanish and French are separate chunks, fetched when chosen). */
export async function loadDictionary(language: Language): Promise<Dictionary> {
  if (language === 'es') return (await import('./es.ts')).es;
  if (language === 'fr') return (await import('./fr.ts')).fr;
  return en;
}

/** The `{name}` placeholders of a message, sorted. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/**
 * Fills a message's `{name}` placeholders. Dates are formatted for the language; a placeholder
 * without a value is left as it is, so a missing parameter is visible rather than silent.
 */
export function formatMessage(language: Language, message: string, params?: MessageParams): string {
  if (params === undefined) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : formatParam(language, value);
  });
}

export function formatParam(language: Language, value: MessageParam): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return new Intl.NumberFormat(locales[language]).format(value);
  if ('date' in value) return formatDate(language, value.date);
  return formatDateTime(language, value.dateTime);
}

/** A calendar date (YYYY-MM-DD, or the date part of a date-time) in the language's style; the input when it is not a date. */
export function formatDate(language: Language, iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  // A bare date has no time zone: format it as that calendar day, not as UTC midnight in local time.
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[language], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    ...(m ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

/**
 * A date-time in the language's style, with the time zone (the device's unless `timeZone` names
 * one); the input when it is not a date.
 */
export function formatDateTime(language: Language, iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[language], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(date);
}

/** "3 hours ago" in the language, from two instants. */
export function formatAge(language: Language, fromIso: string, nowIso: string): string {
  const seconds = Math.round((Date.parse(fromIso) - Date.parse(nowIso)) / 1000);
  if (Number.isNaN(seconds)) return fromIso;
  const rtf = new Intl.RelativeTimeFormat(locales[language], { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}
