'use server';

import { AuthError } from 'next-auth';
import { z } from 'zod';
import { ActionError } from '@/lib/actions/result';
import { siteAction } from '@/lib/actions/wrapper';
import { getDb } from '@/db';
import { LoginRefused, currentSession, signIn, signOut } from './auth';
import { findIdentityProvider } from './identity-providers';
import { logoutRequestUrl } from './saml/logout';
import { currentServiceProvider } from './saml/service-provider';
import { resetPassword } from './password-reset';
import { loginSchema, newPasswordSchema } from './schemas';

/*
 * These actions return where to go instead of redirecting: Next renders a server-action redirect by
 * fetching the target from the server itself, which on *.localhost (and behind some proxies) cannot
 * resolve the Ente's subdomain. The client navigates instead.
 */

const REFUSALS: Record<LoginRefused['reason'], string> = {
  invalid: 'E-mail o password non corrette.',
  locked: 'Troppi tentativi non riusciti: per sicurezza l’accesso è sospeso per qualche minuto. Riprova più tardi.',
  busy: 'Troppi accessi in corso in questo momento: riprova tra qualche secondo.',
};

/** Staff login. Where it lands depends on the site of the Host: an Ente's back office, or the CIT dashboard. */
export const login = siteAction('login', loginSchema, async (credentials, { site }) => {
  try {
    await signIn('credentials', { ...credentials, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = 'code' in error ? String(error.code) : '';
      throw new ActionError(REFUSALS[code in REFUSALS ? (code as LoginRefused['reason']) : 'invalid']);
    }
    throw error;
  }
  // Fixed paths only, never a URL from the request (no open redirect).
  return { redirectTo: site.kind === 'ente' ? '/admin' : '/cit' };
});

/**
 * Ends the portal session first, always. For a SPID session whose IdP publishes single logout, the person is
 * then sent to that IdP with a signed LogoutRequest (its answer lands on /spid/slo); CIE logout is local only.
 */
export const logout = siteAction('logout', z.object({}), async () => {
  const session = await currentSession();
  await signOut({ redirect: false });
  if (session?.method !== 'spid' || !session.saml || !session.provider) return { redirectTo: '/' };
  const idp = findIdentityProvider(session.provider);
  if (!idp?.sloUrl) return { redirectTo: '/' };
  const sp = await currentServiceProvider(await getDb());
  return { redirectTo: logoutRequestUrl(sp, idp, session.saml, new Date()) ?? '/' };
});

/** Sets a staff password from the one-time link `npm run setup` printed; the link works once. */
export const setPasswordFromLink = siteAction('setPasswordFromLink', newPasswordSchema, async ({ token, password }, { db, site }) => {
  if (site.kind !== 'provincia') throw new ActionError('Questa operazione non è disponibile su questo sito.');
  if (!(await resetPassword(db, token, password, new Date()))) {
    throw new ActionError('Il link è scaduto o è già stato usato. Chiedi un nuovo link a chi gestisce il portale.');
  }
  return { redirectTo: '/cit/accedi' };
});
