import { localizedPath, splitLocale, type Locale } from './locales';

/** A year: the choice is remembered until the visitor changes it. */
export const LOCALE_COOKIE_MAX_AGE = 365 * 86_400;

/**
 * Where the language switch sends the visitor: the page they were on (the Referer, when it is of the same
 * host: anything else would make the switch an open redirect) in the chosen language; the home otherwise.
 */
export function switchTarget(locale: Locale, referer: string | null, host: string | null): string {
  let from: URL | undefined;
  try {
    from = referer ? new URL(referer) : undefined;
  } catch {
    from = undefined;
  }
  if (!from || !host || from.host !== host) return localizedPath(locale, '/');
  return `${localizedPath(locale, splitLocale(from.pathname).pathname)}${from.search}`;
}
