import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales';

/** The language the browser prefers among ours (Accept-Language, q-values honoured); Italian when none matches. */
export function preferredLocale(acceptLanguage: string | null): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const best = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([...LOCALES]);
  return (LOCALES as readonly string[]).includes(best ?? '') ? (best as Locale) : DEFAULT_LOCALE;
}
