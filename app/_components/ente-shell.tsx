import type { Ente } from '@/db/schema';
import { currentProvider } from '@/lib/provider/current';
import { enteLogoSrc } from '@/lib/settings/logo-url';
import { provinciaUrl } from '@/lib/tenancy/urls';
import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';

/** Header, main landmark and footer of an Ente's site. */
export async function EnteShell({ ente, actions, children }: { ente: Ente; actions?: React.ReactNode; children: React.ReactNode }) {
  const provider = await currentProvider();
  return (
    <>
      <SiteHeader
        identity={{ name: ente.name, tagline: 'Pagamenti online con pagoPA', logoUrl: enteLogoSrc(ente), color: ente.primaryColor }}
        slimLabel={provider.configured ? `${provider.shortName} - Portale pagamenti` : provider.name}
        slimHref={provinciaUrl()}
        actions={actions}
      />
      <main id="contenuto" className="flex-1">
        {children}
      </main>
      <SiteFooter ente={ente} provider={provider} provinciaHref={provinciaUrl()} />
    </>
  );
}
