/**
 * The citizen pages' languages. Italian is the default and keeps the unprefixed URLs; every other language
 * lives under its own prefix (`/en/...`), so that each language is a URL of its own in every cache.
 */
export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'it';

/** The visitor's choice made with the language switch; read by the middleware on unprefixed URLs only. */
export const LOCALE_COOKIE = 'lingua';
/**
 * Request header by which the middleware tells the code behind it the language of the URL (never of the cookie).
 * Present only on the addresses that exist in every language: its absence means an Italian-only page.
 */
export const LOCALE_HEADER = 'x-portale-lingua';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The `lang` of what the Enti write themselves (service names and descriptions), which stays Italian on the
 * pages in another language: screen readers then read it with Italian pronunciation (WCAG 3.1.2).
 */
export function enteTextLang(locale: Locale): 'it' | undefined {
  return locale === 'it' ? undefined : 'it';
}

/** `/servizi/x` in `locale`: `/en/servizi/x`, or unchanged for Italian. */
export function localizedPath(locale: Locale, pathname: string): string {
  if (locale === DEFAULT_LOCALE) return pathname;
  return pathname === '/' ? `/${locale}` : `/${locale}${pathname}`;
}

/** The language of a public path and the path without its prefix: `/en/carrello` → en, `/carrello`. */
export function splitLocale(pathname: string): { locale: Locale; pathname: string } {
  const match = /^\/([a-z]{2})(\/.*)?$/.exec(pathname);
  if (match && isLocale(match[1]) && match[1] !== DEFAULT_LOCALE) return { locale: match[1], pathname: match[2] ?? '/' };
  return { locale: DEFAULT_LOCALE, pathname };
}
