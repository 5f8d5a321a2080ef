import type { PortalSession } from '@/lib/auth/session';
import { readConfig } from '@/lib/config';

/** How the person signed in, in words: «con SPID», «con CIE», «con BresciaGOV», «con e-mail e password». */
export function signedInWith(session: Pick<PortalSession, 'method'>): string {
  switch (session.method) {
    case 'spid':
      return 'con SPID';
    case 'cie':
      return 'con CIE';
    case 'oidc':
      return `con ${readConfig().OIDC_PROVIDER_NAME}`;
    case 'password':
      return 'con e-mail e password';
  }
}
