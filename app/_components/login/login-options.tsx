import { loginChoices } from '@/lib/auth/identity-providers';
import { loginLinks } from '@/lib/auth/login-links';
import { CieButton } from './cie-button';
import { OidcButton } from './oidc-button';
import { SpidButton } from './spid-button';

/**
 * Every way in this portal is configured to offer, for every login page. Rendered per request: the SPID
 * list is shuffled anew each time. `returnPath` must already be validated (lib/auth/login-links.ts).
 */
export function LoginOptions({ returnPath }: { returnPath: string }) {
  const links = loginLinks(loginChoices(), returnPath);
  if (links.spid.length === 0 && !links.cie && !links.oidc) {
    return (
      <p className="rounded border-l-4 border-warning bg-surface px-4 py-3">
        L&apos;accesso con SPID e CIE non è ancora attivo su questo portale. Per pagare non serve accedere.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-start">
      {links.spid.length > 0 && <SpidButton providers={links.spid} />}
      {links.cie && <CieButton link={links.cie} />}
      {links.oidc && <OidcButton link={links.oidc} />}
    </div>
  );
}
