'use client';

import { useEffect, useState } from 'react';
import { usePathname } from 'next/navigation';
import { ChevronDown, LogIn, ShoppingCart, UserRound } from 'lucide-react';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import type { VisitorState } from '@/lib/visitor/current';
import { Disclosure } from './disclosure';
import { LogoutButton } from './logout-button';

const HEADER_LINK = 'flex min-h-11 items-center gap-1.5 font-semibold text-white no-underline hover:underline';
const VISIT_CHANGED = 'portale:visita';

/** Tells the header's corner that the cart changed, so that it asks again. */
export function announceVisitChange(): void {
  window.dispatchEvent(new Event(VISIT_CHANGED));
}

/**
 * The header's corner for the visitor: the cart with its count (on an Ente's site) and «Accedi», or the
 * person's name opening a small menu. The page around it is the same for everyone (it may come from the
 * shared cache), so the corner asks /api/visita once loaded. Until then, and without JavaScript, it shows
 * «Accedi» and the cart without a count; both keep a fixed width, so the answer moves nothing on the page.
 */
export function VisitorCorner({ withCart, locale = 'it' }: { withCart: boolean; locale?: Locale }) {
  const t = translate(locale, 'Header');
  const [visitor, setVisitor] = useState<VisitorState | null>(null);
  const pathname = usePathname();

  useEffect(() => {
    let current = true;
    const load = () =>
      fetch(`/api/visita?lingua=${locale}`, { cache: 'no-store' })
        .then((response) => (response.ok ? (response.json() as Promise<VisitorState>) : null))
        .then((state) => current && setVisitor(state))
        .catch(() => undefined);
    void load();
    window.addEventListener(VISIT_CHANGED, load);
    return () => {
      current = false;
      window.removeEventListener(VISIT_CHANGED, load);
    };
  }, [pathname, locale]);

  const inCart = visitor?.cartCount ?? 0;
  return (
    <div className="flex items-center gap-3 sm:gap-5">
      {withCart && (
        <nav aria-label={t('paymentsNav')} className="flex items-center gap-3 sm:gap-5">
          <a href={localizedPath(locale, '/paga-avviso')} className="font-semibold text-white no-underline hover:underline">
            {t('payNotice')}
          </a>
          <a
            href={localizedPath(locale, '/carrello')}
            className="flex items-center gap-1 font-semibold text-white no-underline hover:underline"
          >
            <ShoppingCart aria-hidden="true" size={18} />
            {t('cart')}
            <span className="inline-block min-w-[3ch]">{inCart > 0 ? ` (${inCart})` : ''}</span>
          </a>
        </nav>
      )}
      <div className="flex min-w-22 justify-end sm:min-w-64">
        <Account person={visitor?.person ?? null} locale={locale} />
      </div>
    </div>
  );
}

function Account({ person, locale }: { person: VisitorState['person']; locale: Locale }) {
  const t = translate(locale, 'Header');
  if (!person) {
    return (
      <a href={localizedPath(locale, '/accedi')} className={HEADER_LINK}>
        <LogIn aria-hidden="true" size={18} />
        {t('signIn')}
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
          <span className="sr-only sm:not-sr-only sm:max-w-56 sm:truncate">{person.name}</span>
          <ChevronDown aria-hidden="true" size={16} className="shrink-0 group-open:rotate-180" />
        </>
      }
    >
      <div className="absolute top-full right-0 z-40 w-64 rounded border border-line bg-white p-2 text-base whitespace-normal text-ink shadow-lg">
        <p className="px-3 pt-1 pb-2 text-sm text-muted">
          <span className="block font-semibold text-ink">{person.name}</span>
          {t('signedIn', { method: person.signedInWith })}
        </p>
        {person.hasPersonalArea && (
          <a
            href={localizedPath(locale, '/area-personale')}
            className="flex min-h-11 items-center rounded px-3 font-semibold text-primary no-underline hover:bg-primary-light"
          >
            {t('myPayments')}
          </a>
        )}
        <LogoutButton
          label={t('signOut')}
          className="flex min-h-11 w-full items-center gap-2 rounded px-3 text-left font-semibold text-primary hover:bg-primary-light"
        />
      </div>
    </Disclosure>
  );
}
