import { z } from 'zod';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';

/** Why an OIDC login did not end with the person signed in: the `motivo` of the error page. */
export const OIDC_ERRORS = [
  'non-raggiungibile',
  'annullato',
  'errore-provider',
  'scaduto',
  'non-valido',
  'senza-codice-fiscale',
  'dati-mancanti',
] as const;
export type OidcError = (typeof OIDC_ERRORS)[number];

export const oidcErrorSchema = z.enum(OIDC_ERRORS);

/** Where the person reads why: the error page on the host the login started from, keeping where they were going. */
export function oidcErrorPath(error: OidcError, returnPath?: string): string {
  const query = new URLSearchParams({ motivo: error });
  if (returnPath) query.set('ritorno', returnPath);
  return `/accedi/oidc/errore?${query.toString()}`;
}

export interface OidcErrorText {
  title: string;
  /** What happened, in plain words. */
  what: string;
  /** What the person can do now. */
  next: string;
}

const MESSAGE_KEYS = {
  'non-raggiungibile': 'unreachable',
  annullato: 'cancelled',
  'errore-provider': 'providerError',
  scaduto: 'expired',
  'non-valido': 'invalid',
  'senza-codice-fiscale': 'noFiscalCode',
  'dati-mancanti': 'missingName',
} as const satisfies Record<OidcError, string>;

/** The page's words for each error (lib/i18n/messages, `OidcError`); `provider` is OIDC_PROVIDER_NAME. */
export function oidcErrorText(error: OidcError, provider: string, locale: Locale = 'it'): OidcErrorText {
  const t = translate(locale, 'OidcError');
  const key = MESSAGE_KEYS[error];
  return { title: t(`${key}.title`), what: t(`${key}.what`, { provider }), next: t(`${key}.next`) };
}
