import { NextResponse, type NextRequest } from 'next/server';
import { DEFAULT_LOCALE, LOCALE_COOKIE, isLocale, localizedPath, splitLocale, type Locale } from './locales';
import { preferredLocale } from './negotiate';

/**
 * The one place a visitor's own language choice acts: an unprefixed (Italian) address opened by a browser
 * whose remembered choice (the switch's cookie) or, without one, whose Accept-Language asks for another of our
 * languages is sent to that language's address. Only page loads (not Next's RSC fetches, actions or APIs).
 * The redirect is never cached (no-store, and nginx keeps only what carries X-Accel-Expires); the pages
 * themselves never read the cookie, so every address stays the same for everyone.
 */
export function localeRedirect(request: NextRequest, urlLocale: Locale, scheme: 'http' | 'https'): NextResponse | null {
  if (urlLocale !== DEFAULT_LOCALE) return null;
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  if (request.headers.has('rsc') || !(request.headers.get('accept') ?? '').includes('text/html')) return null;
  const chosen = request.cookies.get(LOCALE_COOKIE)?.value;
  const wanted = isLocale(chosen) ? chosen : preferredLocale(request.headers.get('accept-language'));
  if (wanted === DEFAULT_LOCALE) return null;
  const url = request.nextUrl.clone();
  url.protocol = `${scheme}:`;
  url.pathname = localizedPath(wanted, splitLocale(request.nextUrl.pathname).pathname);
  const response = NextResponse.redirect(url, 307);
  response.headers.set('cache-control', 'private, no-store');
  response.headers.set('vary', 'accept-language, cookie');
  return response;
}
