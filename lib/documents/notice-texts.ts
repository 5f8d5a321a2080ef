/**
 * The fixed texts of the avviso di pagamento, verbatim from pagoPA's specification (docs.pagopa.it/avviso-pagamento,
 * Allegato 2 – Specifiche tecniche), which says not to alter them. Sources, read 2026-11-27:
 * - «Dove pagare» (allegato-2/specifiche-tecniche/dove-pagare): «PAGA CON L'APP IO» and «oppure [sul sito di
 *   <Ente.Nome>, ]dal tuo Home Banking, con la tua app di pagamento o con gli altri canali abilitati.».
 * - «PAGA SUL TERRITORIO»: the current dove-pagare page was not readable past its first section here; the text is
 *   the Italian fixed string of the same specification's «Traduzioni» page (dove-pagare.italia.territorio).
 * - «Importo e scadenza» (allegato-2/specifiche-tecniche/importo-e-scadenza): AVVISO.RATE.INFO «Puoi pagare per
 *   intero oppure in <Avviso.Rate.Totale> rate» / «Puoi pagare in <Avviso.Rate.Totale> rate», only with 2 or more.
 *   The amount sentence is the «Traduzioni» page's importo-scadenza.disclaimer.legal.
 * - «Dati per il pagamento» labels and QR instructions: the «Traduzioni» page's dati-pagamento strings.
 */

export const PAY_WITH_IO = "PAGA CON L'APP IO";

/** The digital channels' sentence; the Ente's site is named only where one can pay there (ENTE.CANALE.ONLINE). */
export function onlineChannelsText(payableOnEnteSiteOf: string | null): string {
  const site = payableOnEnteSiteOf ? `sul sito di ${payableOnEnteSiteOf}, ` : '';
  return `oppure ${site}dal tuo Home Banking, con la tua app di pagamento o con gli altri canali abilitati.`;
}

export const PAY_IN_PERSON = 'PAGA SUL TERRITORIO';
export const PAY_IN_PERSON_TEXT =
  'presso Banche e Sportelli ATM, negli Uffici Postali e Punti Postali, nei Bar, Edicole, Ricevitorie, Supermercati, Tabaccherie e altri Operatori Abilitati.';

/** AVVISO.RATE.INFO: null below 2 instalments; the «solo rate» variant when there is no single payment to choose. */
export function instalmentSentence(instalments: number, withSinglePayment: boolean): string | null {
  if (instalments < 2) return null;
  return withSinglePayment ? `Puoi pagare per intero oppure in ${instalments} rate` : `Puoi pagare in ${instalments} rate`;
}

export const AMOUNT_UPDATE_TEXT =
  'In fase di pagamento, se previsto dall’ente, l’importo potrebbe essere aggiornato automaticamente e subire variazioni in diminuzione (per sgravi, note di credito) o in aumento (per sanzioni, interessi, ecc.).';

export const QR_INSTRUCTION_SINGLE = 'Inquadra il codice QR con la tua app di pagamento o usa i dati accanto.';
export const QR_INSTRUCTION_INSTALMENTS = 'Inquadra il codice QR con la tua app di pagamento o usa i dati sopra.';
