import { ChevronDown, LogIn, UserRound } from 'lucide-react';
import { currentSession } from '@/lib/auth/auth';
import { Disclosure } from './disclosure';
import { LogoutButton } from './logout-button';
import { signedInWith } from './login/method-label';

const HEADER_LINK = 'flex min-h-11 items-center gap-1.5 font-semibold text-white no-underline hover:underline';

/**
 * The header's corner for the person: «Accedi» when signed out; when signed in, their name opening a small
 * menu. Both fit the slim bar's fixed height, so signing in moves nothing on the page.
 */
export async function SiteAccount() {
  const session = await currentSession();
  if (!session) {
    return (
      <a href="/accedi" className={HEADER_LINK}>
        <LogIn aria-hidden="true" size={18} />
        Accedi
      </a>
    );
  }
  return (
    <Disclosure
      summaryClassName={HEADER_LINK}
      summary={
        <>
          <UserRound aria-hidden="true" size={18} className="shrink-0" />
          {/* On a phone the slim bar has room for the icon only; the open menu names the person. */}
          <span className="sr-only sm:not-sr-only sm:max-w-56 sm:truncate">{session.name}</span>
          <ChevronDown aria-hidden="true" size={16} className="shrink-0 group-open:rotate-180" />
        </>
      }
    >
      <div className="absolute top-full right-0 z-40 w-64 rounded border border-line bg-white p-2 text-base whitespace-normal text-ink shadow-lg">
        <p className="px-3 pt-1 pb-2 text-sm text-muted">
          <span className="block font-semibold text-ink">{session.name}</span>
          Accesso {signedInWith(session)}
        </p>
        {session.fiscalCode && (
          <a
            href="/area-personale"
            className="flex min-h-11 items-center rounded px-3 font-semibold text-primary no-underline hover:bg-primary-light"
          >
            I miei pagamenti
          </a>
        )}
        <LogoutButton className="flex min-h-11 w-full items-center gap-2 rounded px-3 text-left font-semibold text-primary hover:bg-primary-light" />
      </div>
    </Disclosure>
  );
}
