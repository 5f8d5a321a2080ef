import { readConfig } from '@/lib/config';

/** The back-office areas: signing in to them asks for the staff level (SPID_LEVEL_STAFF). */
export function isStaffPath(returnPath: string): boolean {
  return /^\/(admin|cit)(?:[/?#]|$)/.test(returnPath);
}

/** The login page on `host` that leads back to `returnPath`: the staff one for back offices, else the citizens' one. */
export function loginPageUrl(host: string, returnPath: string): string {
  const area = /^\/(admin|cit)(?:[/?#]|$)/.exec(returnPath)?.[1];
  const page = area ? `/${area}/accedi` : '/accedi';
  return `${readConfig().PORTAL_SCHEME}://${host}${page}?ritorno=${encodeURIComponent(returnPath)}`;
}
