import { encode } from 'next-auth/jwt';
import type { BrowserContext } from 'playwright-core';
import type { PortalSession } from '@/lib/auth/session';
import { E2E_AUTH_SECRET } from './harness';

/** Auth.js's session cookie name over plain http (the e2e portal runs without TLS). */
export const SESSION_COOKIE = 'authjs.session-token';

/**
 * A session cookie exactly as the portal would set it after a login, for tests that need many people
 * signed in (the authorization matrix) without going through an IdP each time. The sign-in flows
 * themselves are tested through the demo IdP.
 */
export async function mintSessionCookie(session: PortalSession): Promise<string> {
  return encode({
    secret: E2E_AUTH_SECRET,
    salt: SESSION_COOKIE,
    maxAge: 60 * 60,
    token: { sub: session.userId ?? session.fiscalCode, ...session },
  });
}

/** Signs a browser context in on one host (cookies are host-only, like the portal's). */
export async function signInContext(context: BrowserContext, host: string, session: PortalSession): Promise<void> {
  const domain = host.replace(/:\d+$/, '');
  await context.addCookies([
    { name: SESSION_COOKIE, value: await mintSessionCookie(session), domain, path: '/', httpOnly: true, sameSite: 'Lax' },
  ]);
}
