import { readConfig } from '@/lib/config';
import { oidcErrorPath, type OidcError } from './error-pages';

/**
 * 303 to the next hop of the login. The addresses carry one-time values (the provider's code, our ticket),
 * so the response is never cached and the next page is not told where the browser came from.
 */
export function seeOther(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
}

/** To the error page on `host` (a portal host from our own records, never from the request's query). */
export function toErrorPage(host: string, error: OidcError, returnPath?: string): Response {
  return seeOther(`${readConfig().PORTAL_SCHEME}://${host}${oidcErrorPath(error, returnPath)}`);
}
