import { DEFAULT_LOCALE, LOCALE_HEADER, isLocale, type Locale } from './locales';

/**
 * The language of the URL a request was made to (a server action posts to its page's URL), as the middleware
 * wrote it: for the code that answers per request, never for a cached page.
 */
export function requestLocale(headers: Headers): Locale {
  const value = headers.get(LOCALE_HEADER);
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** Whether the page of this request exists in every language (it gets the language switch). */
export function isMultilingualRequest(headers: Headers): boolean {
  return isLocale(headers.get(LOCALE_HEADER));
}
