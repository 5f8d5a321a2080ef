import { ChevronDown } from 'lucide-react';
import type { LoginLink } from '@/lib/auth/login-links';
import { Disclosure } from '../disclosure';
import { LOGIN_BUTTON, LOGIN_BUTTON_RULE } from './login-button-style';
import { SpidMark } from './marks';

// Fixed by AgID's button (italia/spid-sp-access-button): always shown under the identity providers.
const SPID_INFO_LINKS = [
  { label: 'Maggiori informazioni', href: 'https://www.spid.gov.it' },
  { label: 'Non hai SPID?', href: 'https://www.spid.gov.it/richiedi-spid' },
  { label: 'Serve aiuto?', href: 'https://www.spid.gov.it/serve-aiuto' },
];

/** «Entra con SPID»: opens the list of identity providers (in the random order it is given) and AgID's links. */
export function SpidButton({ providers }: { providers: LoginLink[] }) {
  return (
    <Disclosure
      className="w-full sm:w-72"
      summaryClassName={LOGIN_BUTTON}
      summary={
        <>
          <SpidMark />
          <span aria-hidden="true" className={LOGIN_BUTTON_RULE} />
          <span className="flex-1">Entra con SPID</span>
          <ChevronDown aria-hidden="true" size={20} className="shrink-0 group-open:rotate-180" />
        </>
      }
    >
      <div className="absolute top-full left-0 z-30 mt-1 w-full rounded border border-line bg-white text-ink shadow-lg sm:w-80">
        <p id="spid-idp-titolo" className="px-4 pt-3 pb-1 text-sm font-semibold text-muted">
          Scegli il tuo gestore di identità SPID
        </p>
        <ul aria-labelledby="spid-idp-titolo" className="divide-y divide-line border-b border-line">
          {providers.map((idp) => (
            <li key={idp.href}>
              <a
                href={idp.href}
                className="flex min-h-12 items-center px-4 py-2 font-semibold text-primary no-underline hover:bg-primary-light hover:underline"
              >
                {idp.name}
              </a>
            </li>
          ))}
        </ul>
        <ul aria-label="Informazioni su SPID" className="space-y-1 px-4 py-3 text-sm">
          {SPID_INFO_LINKS.map((link) => (
            <li key={link.href}>
              <a href={link.href} className="inline-flex min-h-8 items-center font-semibold underline">
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </Disclosure>
  );
}
