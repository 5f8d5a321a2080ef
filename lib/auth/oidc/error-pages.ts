import { z } from 'zod';

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

/** The page's words for each error; `provider` is OIDC_PROVIDER_NAME. */
export function oidcErrorText(error: OidcError, provider: string): OidcErrorText {
  switch (error) {
    case 'non-raggiungibile':
      return {
        title: 'Servizio di accesso non raggiungibile',
        what: `In questo momento ${provider} non risponde, quindi non è stato possibile farti entrare.`,
        next: 'Riprova tra qualche minuto. Se il problema continua, puoi entrare con SPID o con la CIE.',
      };
    case 'annullato':
      return {
        title: 'Accesso annullato',
        what: `Hai annullato l'accesso su ${provider} oppure non hai dato il consenso a condividere i tuoi dati. Al portale non è arrivato nessun dato.`,
        next: 'Se vuoi entrare, ricomincia e conferma il consenso quando te lo chiede.',
      };
    case 'errore-provider':
      return {
        title: 'Accesso non riuscito',
        what: `${provider} ha segnalato un errore e non ha confermato la tua identità.`,
        next: 'Riprova. Se il problema continua, puoi entrare con SPID o con la CIE.',
      };
    case 'scaduto':
      return {
        title: 'Richiesta di accesso scaduta',
        what: 'Per sicurezza ogni richiesta di accesso vale una sola volta e per 10 minuti: questa è scaduta oppure è già stata usata.',
        next: 'Ricomincia l’accesso da questa pagina.',
      };
    case 'non-valido':
      return {
        title: 'Accesso non riuscito',
        what: `Non è stato possibile verificare la risposta di ${provider}, quindi per sicurezza non ti abbiamo fatto entrare.`,
        next: 'Riprova. Se il problema continua, puoi entrare con SPID o con la CIE.',
      };
    case 'senza-codice-fiscale':
      return {
        title: 'Manca il codice fiscale',
        what: `${provider} non ci ha comunicato un codice fiscale italiano valido. Il portale riconosce le persone dal codice fiscale: senza, non può mostrarti i tuoi avvisi e le tue ricevute.`,
        next: 'Entra con SPID o con la CIE. Puoi comunque pagare un avviso senza accedere, con il codice avviso.',
      };
    case 'dati-mancanti':
      return {
        title: 'Mancano nome e cognome',
        what: `${provider} non ci ha comunicato il tuo nome e cognome, che servono per farti entrare.`,
        next: 'Controlla il tuo profilo presso il servizio di accesso oppure entra con SPID o con la CIE.',
      };
  }
}
