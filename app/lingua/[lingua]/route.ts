import { readConfig } from '@/lib/config';
import { problem } from '@/lib/http/problem';
import { LOCALE_COOKIE, isLocale } from '@/lib/i18n/locales';
import { LOCALE_COOKIE_MAX_AGE, switchTarget } from '@/lib/i18n/switch';

/**
 * The language switch of every citizen page (`/lingua/en`, `/lingua/it`): remembers the choice in a cookie and
 * goes back to the same page in that language. A plain link, so it works without JavaScript, and the same on
 * every page (the pages stay cacheable: the page to return to comes from the Referer, not from the link).
 */
export async function GET(request: Request, { params }: { params: Promise<{ lingua: string }> }) {
  const { lingua } = await params;
  if (!isLocale(lingua)) return problem(404, 'Lingua non disponibile');
  const location = switchTarget(lingua, request.headers.get('referer'), request.headers.get('host'));
  const secure = readConfig().PORTAL_SCHEME === 'https' ? '; Secure' : '';
  return new Response(null, {
    status: 303,
    headers: {
      location,
      'cache-control': 'private, no-store',
      'set-cookie': `${LOCALE_COOKIE}=${lingua}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly${secure}`,
    },
  });
}

export const dynamic = 'force-dynamic';
