import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db';
import { loginFormTargets } from '@/lib/auth/identity-providers';
import { readConfig } from '@/lib/config';
import { REQUEST_ID_HEADER, requestIdFor } from '@/lib/http/request-id';
import { LOCALE_HEADER, splitLocale } from '@/lib/i18n/locales';
import { localeRedirect } from '@/lib/i18n/redirect';
import { cachedPagePolicy, contentSecurityPolicy, newNonce, strictTransportSecurity } from '@/lib/security/response-headers';
import { parseHost } from '@/lib/tenancy/host';
import { NOT_FOUND_PATH, NOT_FOUND_REASON_HEADER, REQUEST_PATH_HEADER, isCachedPage, routeRequest } from '@/lib/tenancy/routing';
import { siteDirectory } from '@/lib/tenancy/site-directory';
import { findMissingInDirectory, findMissingResource, type MissingResource } from '@/lib/tenancy/site-existence';

/**
 * Maps the Host to an internal route and sets the per-request security headers. It never authorizes:
 * the pages behind it resolve the Ente and check the session's role themselves. Its one database read
 * is an existence check (site-existence.ts), so that an unknown Ente or service gets a 404 page with
 * its content in the HTML; for the cached pages the same check answers from the in-memory site directory.
 * It also gives each request its id (the proxy's, or a new one), which the code behind it logs with and the
 * response carries back.
 */
export async function middleware(request: NextRequest) {
  const config = readConfig();
  const pathname = request.nextUrl.pathname;
  const target = parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN);
  const decision = routeRequest(pathname, target, { sandboxEnabled: config.SANDBOX_ENABLED });
  // The path within the site, whatever its language: what the existence check and the login's form targets read.
  const sitePath = splitLocale(pathname).pathname;
  // Before any read: the first visit to an Italian address by a browser that prefers another language.
  if (decision.type === 'rewrite' && decision.locale) {
    const redirect = localeRedirect(request, decision.locale, config.PORTAL_SCHEME);
    if (redirect) return redirect;
  }
  const cached = decision.type === 'rewrite' && isCachedPage(pathname, target);
  let missing: MissingResource | null = null;
  if (decision.type === 'rewrite' && target.kind === 'ente') {
    const db = await getDb();
    missing = cached
      ? await findMissingInDirectory(await siteDirectory(db), target.slug, sitePath)
      : await findMissingResource(db, target.slug, sitePath);
  }

  const requestHeaders = new Headers(request.headers);
  const context = {
    scheme: config.PORTAL_SCHEME,
    baseDomain: config.PORTAL_BASE_DOMAIN,
    development: config.NODE_ENV === 'development',
    formTargets: loginFormTargets(sitePath, config),
  };
  const requestId = requestIdFor(request.headers.get(REQUEST_ID_HEADER));
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  let policy: string;
  if (cached && !missing) {
    policy = cachedPagePolicy(context);
    // Rendered once for everyone: no nonce reaches it, not even one a client wrote in its own request.
    requestHeaders.delete('content-security-policy');
  } else {
    policy = contentSecurityPolicy({ ...context, nonce: newNonce() });
    // Next reads the nonce from the request's policy and puts it on the scripts it renders.
    requestHeaders.set('content-security-policy', policy);
  }
  requestHeaders.delete(NOT_FOUND_REASON_HEADER);
  // The language of the URL, never of the cookie, and only for the addresses that exist in every language: what
  // their server actions, their 404 page and the provincial pages rendered per request answer in.
  if (decision.type === 'rewrite' && decision.locale) requestHeaders.set(LOCALE_HEADER, decision.locale);
  else requestHeaders.delete(LOCALE_HEADER);
  requestHeaders.set(REQUEST_PATH_HEADER, `${request.method} ${pathname}`.slice(0, 500));
  if (missing) requestHeaders.set(NOT_FOUND_REASON_HEADER, missing);

  let response: NextResponse;
  if (decision.type === 'pass') {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    const url = request.nextUrl.clone();
    url.pathname = decision.type === 'rewrite' && !missing ? decision.pathname : NOT_FOUND_PATH;
    response = NextResponse.rewrite(url, { request: { headers: requestHeaders } });
  }
  response.headers.set('content-security-policy', policy);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  // The same HTML for everyone (per-visitor parts load apart): nginx may serve it for a moment without asking.
  // Nothing else gets the header, and nginx caches nothing without it (deploy/nginx).
  if (cached && !missing && config.PROXY_PAGE_CACHE_SECONDS > 0 && (request.method === 'GET' || request.method === 'HEAD')) {
    response.headers.set('x-accel-expires', String(config.PROXY_PAGE_CACHE_SECONDS));
  }
  const hsts = strictTransportSecurity(config.PORTAL_SCHEME);
  if (hsts) response.headers.set('strict-transport-security', hsts);
  return response;
}

export const config = {
  // Node.js, not edge: the existence check reads the database through the app's own pool.
  runtime: 'nodejs',
  // Next internals and the files in public/ (PUBLIC_FILES and PUBLIC_DIRS in lib/tenancy/routing.ts) are served as they are on every host.
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|marchio\\.svg|robots\\.txt|guida/).*)'],
};
