import Link from 'next/link';
import { EnteEmblem } from './emblem';

export interface HeaderIdentity {
  name: string;
  tagline: string;
  logoUrl: string | null;
  color: string | null;
}

/**
 * Designers Italia header: a slim bar naming who runs the service, then the Ente's band with its coat
 * of arms and name. The band takes the Ente's colour; every seeded colour keeps white text above 4.5:1.
 */
export function SiteHeader({
  identity,
  slimLabel,
  slimHref,
  homeHref = '/',
  actions,
  languageSwitch,
}: {
  identity: HeaderIdentity;
  slimLabel: string;
  slimHref: string;
  /** The site's home in the page's language. */
  homeHref?: string;
  actions?: React.ReactNode;
  /** On the pages that exist in every language: in the band, where a phone still has room for it. */
  languageSwitch?: React.ReactNode;
}) {
  return (
    <header>
      <div className="bg-primary-darker text-white">
        <div className="container-page flex min-h-12 items-center justify-between gap-4 text-sm">
          <a href={slimHref} className="min-w-0 truncate font-semibold text-white no-underline hover:underline">
            {slimLabel}
          </a>
          {actions && <div className="shrink-0 whitespace-nowrap">{actions}</div>}
        </div>
      </div>
      <div style={{ backgroundColor: identity.color ?? '#0066cc' }} className="text-white">
        <div className="container-page flex items-center gap-4 py-5 sm:py-7">
          <EnteEmblem name={identity.name} logoUrl={identity.logoUrl} color={identity.color} />
          <Link href={homeHref} className="min-w-0 text-white no-underline">
            <span className="block text-2xl leading-tight font-bold break-words sm:text-3xl">{identity.name}</span>
            <span className="mt-1 block text-sm font-normal sm:text-base">{identity.tagline}</span>
          </Link>
          {languageSwitch && <div className="ml-auto shrink-0 self-start">{languageSwitch}</div>}
        </div>
      </div>
    </header>
  );
}
