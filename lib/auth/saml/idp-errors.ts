/**
 * SPID/CIE IdP error codes sent back to the SP (AgID "messaggi di errore"): StatusCode Responder with
 * `StatusMessage` = `ErrorCode nrXX`. Codes 2–18 concern malformed requests and are shown by the IdP
 * itself; these are the ones the SP must explain to the user.
 */
export const IDP_ERROR_CODES = ['nr19', 'nr20', 'nr21', 'nr22', 'nr23', 'nr25', 'nr30'] as const;
export type IdpErrorCode = (typeof IDP_ERROR_CODES)[number];

export interface IdpErrorMessage {
  title: string;
  /** What happened, in plain words. */
  detail: string;
  /** What the user can do next. */
  action: string;
}

const MESSAGES: Record<IdpErrorCode, IdpErrorMessage> = {
  nr19: {
    title: 'Troppi tentativi di accesso non riusciti',
    detail: 'Il gestore dell’identità digitale ha bloccato l’accesso dopo ripetuti inserimenti di credenziali errate.',
    action: 'Attendi qualche minuto e riprova. Se non ricordi le credenziali, recuperale dal sito del tuo gestore di identità.',
  },
  nr20: {
    title: 'Credenziali non adatte al servizio',
    detail: 'La tua identità digitale non ha credenziali del livello di sicurezza richiesto da questo servizio.',
    action:
      'Attiva presso il tuo gestore di identità le credenziali del livello richiesto (ad esempio l’app o l’OTP per il livello 2) e riprova.',
  },
  nr21: {
    title: 'Tempo scaduto',
    detail: 'L’accesso non è stato completato in tempo presso il gestore dell’identità digitale.',
    action: 'Torna alla pagina di accesso e riprova, completando l’autenticazione senza interruzioni.',
  },
  nr22: {
    title: 'Consenso negato',
    detail: 'Non hai acconsentito a trasmettere i tuoi dati a questo servizio.',
    action: 'Per usare il servizio riprova l’accesso e conferma l’invio dei dati richiesti.',
  },
  nr23: {
    title: 'Identità digitale sospesa o revocata',
    detail: 'Il gestore segnala che la tua identità digitale è sospesa o revocata.',
    action: 'Contatta il tuo gestore di identità per riattivarla, oppure accedi con un’altra identità digitale o con la CIE.',
  },
  nr25: {
    title: 'Accesso annullato',
    detail: 'Hai annullato l’accesso presso il gestore dell’identità digitale.',
    action: 'Se vuoi accedere, torna alla pagina di accesso e riprova.',
  },
  nr30: {
    title: 'Tipo di identità non adatto',
    detail:
      'L’identità usata non è del tipo richiesto da questo servizio (ad esempio un’identità per uso professionale al posto di quella personale).',
    action: 'Riprova l’accesso con la tua identità digitale personale.',
  },
};

const GENERIC: IdpErrorMessage = {
  title: 'Accesso non riuscito',
  detail: 'Il gestore dell’identità digitale non ha completato l’autenticazione.',
  action: 'Riprova più tardi. Se il problema persiste, prova con un’altra identità digitale o con la CIE.',
};

export function isIdpErrorCode(value: string): value is IdpErrorCode {
  return (IDP_ERROR_CODES as readonly string[]).includes(value);
}

/** Reads `ErrorCode nrXX` from a StatusMessage; an unknown or absent code yields undefined. */
export function idpErrorCodeFrom(statusMessage: string | undefined): IdpErrorCode | undefined {
  const match = /^\s*ErrorCode\s+nr\s*(\d{1,3})\s*$/i.exec(statusMessage ?? '');
  if (!match) return undefined;
  const code = `nr${Number(match[1])}`;
  return isIdpErrorCode(code) ? code : undefined;
}

export function idpErrorMessage(code: IdpErrorCode | undefined): IdpErrorMessage {
  return code ? MESSAGES[code] : GENERIC;
}
