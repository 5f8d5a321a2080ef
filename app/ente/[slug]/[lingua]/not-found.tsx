import { headers } from 'next/headers';
import { EntePageNotFound } from '@/app/_components/ente-not-found-messages';
import { requestLocale } from '@/lib/i18n/request-locale';

/** Inside the citizen layout; the language from the request (a cached page's render sees none: Italian). */
export default async function EntePageNotFoundBoundary() {
  return <EntePageNotFound locale={requestLocale(await headers())} />;
}
