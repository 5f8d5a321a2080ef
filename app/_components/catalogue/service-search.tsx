import { Search } from 'lucide-react';
import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/**
 * The catalogue's search box: a plain GET form to /cerca, which works without JavaScript and keeps the Ente's
 * home the same for everyone (the home is served from the shared cache, the results page per request).
 */
export function ServiceSearch({ query = '', locale }: { query?: string; locale: Locale }) {
  const t = translate(locale, 'Search');
  return (
    <form role="search" action={localizedPath(locale, '/cerca')} method="get" className="mt-6 flex max-w-2xl flex-col gap-2 sm:flex-row">
      <label htmlFor="cerca" className="sr-only">
        {t('label')}
      </label>
      <input
        id="cerca"
        name="q"
        type="search"
        defaultValue={query}
        placeholder={t('placeholder')}
        className="min-h-12 flex-1 rounded border-2 border-muted bg-white px-4 text-lg placeholder:text-muted"
      />
      <button type="submit" className="btn-primary min-h-12">
        <Search aria-hidden="true" size={20} />
        {t('submit')}
      </button>
    </form>
  );
}
