'use client';

import { TriangleAlert } from 'lucide-react';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/** Shown for unexpected server errors (HTTP 500). The digest lets support find the log entry. */
export function ErrorMessage({ digest, reset, locale = 'it' }: { digest?: string; reset: () => void; locale?: Locale }) {
  const t = translate(locale, 'Errors');
  return (
    <div role="alert" className="container-page py-16 text-center">
      <TriangleAlert aria-hidden="true" size={56} className="mx-auto text-danger" />
      <h1 className="mt-4 text-3xl font-bold sm:text-4xl">{t('title')}</h1>
      <p className="mx-auto mt-4 max-w-xl text-lg text-muted">{t('text')}</p>
      {digest && (
        <p className="mt-3 text-sm text-muted">
          {t.rich('digest', { digest, code: (chunks) => <span className="font-mono">{chunks}</span> })}
        </p>
      )}
      <button type="button" onClick={reset} className="btn-primary mt-8">
        {t('retry')}
      </button>
    </div>
  );
}
