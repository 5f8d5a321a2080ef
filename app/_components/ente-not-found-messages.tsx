import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { NotFoundMessage } from './not-found-message';

export function EntePageNotFound({ locale }: { locale: Locale }) {
  const t = translate(locale, 'NotFound');
  return (
    <NotFoundMessage title={t('title')} homeHref={localizedPath(locale, '/')} homeLabel={t('backToServices')}>
      <p>{t('page')}</p>
    </NotFoundMessage>
  );
}

export function ServiceNotFound({ enteName, locale }: { enteName: string; locale: Locale }) {
  const t = translate(locale, 'NotFound');
  return (
    <NotFoundMessage title={t('serviceTitle')} homeHref={localizedPath(locale, '/')} homeLabel={t('seeServices')}>
      <p>{t('service', { ente: enteName })}</p>
    </NotFoundMessage>
  );
}
