'use client';

import { useParams } from 'next/navigation';
import { ErrorMessage } from '@/app/_components/error-message';
import { DEFAULT_LOCALE, isLocale } from '@/lib/i18n/locales';

export default function EnteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const { lingua } = useParams<{ lingua?: string }>();
  return <ErrorMessage digest={error.digest} reset={reset} locale={isLocale(lingua) ? lingua : DEFAULT_LOCALE} />;
}
