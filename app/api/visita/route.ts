import { signedInWith } from '@/app/_components/login/method-label';
import { problem } from '@/lib/http/problem';
import { DEFAULT_LOCALE, isLocale } from '@/lib/i18n/locales';
import { currentVisitor } from '@/lib/visitor/current';

/** The visitor's cart count and name for the header of the cached pages: per browser, never cached anywhere. */
export async function GET(request: Request) {
  // `?lingua=en` from the English pages: only how the sign-in method is worded depends on it.
  const requested = new URL(request.url).searchParams.get('lingua');
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const visitor = await currentVisitor((session) => signedInWith(session, locale));
  if (!visitor) return problem(404, 'Sito non trovato');
  return Response.json(visitor, { headers: { 'cache-control': 'private, no-store' } });
}

// Per browser and per request: never prerendered, never cached.
export const dynamic = 'force-dynamic';
