import { headers } from 'next/headers';
import { connection } from 'next/server';
import { Document } from './_components/document';
import { EntePageNotFound, ServiceNotFound } from './_components/ente-not-found-messages';
import { EnteShell } from './_components/ente-shell';
import { LanguageSwitch } from './_components/language-switch';
import { NotFoundMessage } from './_components/not-found-message';
import { StandaloneShell } from './_components/standalone-shell';
import { UnknownEnte } from './_components/unknown-ente';
import { CeasedEnte, PortalNotServing } from './_components/inactive-ente';
import { requestLocale } from '@/lib/i18n/request-locale';
import { findBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { requestTarget } from '@/lib/tenancy/current-site';
import { NOT_FOUND_REASON_HEADER } from '@/lib/tenancy/routing';
import type { Locale } from '@/lib/i18n/locales';

/**
 * Every address with no route, on any host, and every one the middleware found to name no Ente or no
 * service (it tells which in a request header, see lib/tenancy/site-existence.ts). Rendered per request:
 * the message and the links depend on the Host. In the language of the address (an English Ente page or
 * service that does not exist gets its 404 in English); the rest of the portal is Italian.
 */
export default async function NotFound() {
  await connection();
  const requestHeaders = await headers();
  const locale = requestLocale(requestHeaders);
  return <Document locale={locale}>{await notFoundContent(requestHeaders, locale)}</Document>;
}

async function notFoundContent(requestHeaders: Headers, locale: Locale) {
  const reason = requestHeaders.get(NOT_FOUND_REASON_HEADER);
  const target = await requestTarget();
  if (target.kind !== 'ente') {
    return (
      <StandaloneShell withAccount={target.kind === 'provincia'}>
        <NotFoundMessage title="Pagina non trovata" homeHref="/" homeLabel="Vai alla pagina iniziale">
          <p>L&apos;indirizzo che hai aperto non esiste o non è più disponibile. Controlla di averlo scritto correttamente.</p>
        </NotFoundMessage>
      </StandaloneShell>
    );
  }
  const host = requestHeaders.get('host') ?? '';
  if (reason === 'cessato') return <CeasedEnte host={host} />;
  // The back office's Ente: a wrong /admin address of an Ente not active yet still gets its header.
  const ente = reason === 'ente' ? undefined : await findBackOfficeEnte(target.slug);
  if (!ente) return <UnknownEnte host={host} />;
  if (reason === 'non_attivo' || reason === 'sospeso') {
    return (
      <EnteShell ente={ente}>
        <PortalNotServing enteName={ente.name} suspended={reason === 'sospeso'} />
      </EnteShell>
    );
  }
  return (
    <EnteShell ente={ente} locale={locale} languageSwitch={<LanguageSwitch locale={locale} />}>
      {reason === 'servizio' ? <ServiceNotFound enteName={ente.name} locale={locale} /> : <EntePageNotFound locale={locale} />}
    </EnteShell>
  );
}
