import { redirect } from 'next/navigation';
import { currentSession } from '@/lib/auth/auth';
import type { PortalSession } from '@/lib/auth/session';
import { localizedPath, type Locale } from '@/lib/i18n/locales';

export const AREA_PATH = '/area-personale';

/**
 * The person signed in on this host with a codice fiscale (SPID, CIE, regional provider). Anyone else,
 * including staff signed in with a password, goes to the login and comes back here.
 */
export async function requireCitizen(locale: Locale = 'it'): Promise<PortalSession & { fiscalCode: string }> {
  const session = await currentSession();
  if (!session?.fiscalCode) redirect(`${localizedPath(locale, '/accedi')}?ritorno=${localizedPath(locale, AREA_PATH)}`);
  return { ...session, fiscalCode: session.fiscalCode };
}
