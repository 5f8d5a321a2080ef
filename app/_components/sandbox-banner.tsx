import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/** Shown on every page while the sandbox partner is on, so nobody mistakes a trial portal for the real one. */
export function SandboxBanner({ locale }: { locale: Locale }) {
  const t = translate(locale, 'Document');
  return (
    <div role="note" aria-label={t('sandboxLabel')} className="border-b-4 border-[#17324d] bg-[#ffb400] text-[#17324d]">
      <p className="container-page py-2 text-center font-semibold">
        <span className="uppercase">{t('sandboxLabel')}</span>: {t('sandboxText')}
      </p>
    </div>
  );
}
