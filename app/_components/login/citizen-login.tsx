import { LoginCard } from './login-card';
import { LoginOptions } from './login-options';
import { SignedInNotice } from './signed-in-notice';
import { currentSession } from '@/lib/auth/auth';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/**
 * The citizens' login, on an Ente's site or the provincial one: what signing in gives, whose name the
 * identity provider will show, and the buttons. Paying never needs it.
 */
export async function CitizenLogin({
  title,
  scope,
  consentName,
  returnPath,
  locale = 'it',
}: {
  title: string;
  /** «di Comune di Demo», «di tutti gli Enti del portale». */
  scope: string;
  consentName: string;
  returnPath: string;
  locale?: Locale;
}) {
  const session = await currentSession();
  const t = translate(locale, 'Login');
  return (
    <LoginCard title={title}>
      <p className="mt-3 text-lg">{t.rich('what', { scope, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <p className="mt-2 text-muted">{t('consent', { name: consentName })}</p>
      {session ? (
        <SignedInNotice session={session} locale={locale}>
          <a href={returnPath} className="font-semibold">
            {t('continue')}
          </a>
        </SignedInNotice>
      ) : (
        <div className="mt-6">
          <LoginOptions returnPath={returnPath} locale={locale} />
        </div>
      )}
    </LoginCard>
  );
}
