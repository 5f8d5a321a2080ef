import type { PortalSession } from '@/lib/auth/session';
import { LogoutButton } from '../logout-button';
import { signedInWith } from './method-label';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/** Who is signed in on this site already, what that means here, and «Esci» to change account. */
export function SignedInNotice({
  session,
  children,
  locale = 'it',
}: {
  session: PortalSession;
  children: React.ReactNode;
  locale?: Locale;
}) {
  const t = translate(locale, 'Login');
  return (
    <div role="status" className="mt-6 rounded border-l-4 border-primary bg-primary-light px-4 py-4">
      <p className="text-lg">
        {t.rich('alreadyIn', { name: session.name, method: signedInWith(session, locale), strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <div className="mt-2">{children}</div>
      <div className="mt-4">
        <LogoutButton label={translate(locale, 'Header')('signOut')} />
      </div>
    </div>
  );
}
