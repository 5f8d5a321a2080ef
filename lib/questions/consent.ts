/**
 * The privacy consent the «Domande?» form asks for. Each question stores the version its sender agreed
 * to: change the text, change the version (never reuse one), so that what each person accepted stays known.
 */
export const CONSENT_VERSION = '2026-11-27';

export const CONSENT_TEXT =
  'Acconsento al trattamento dei miei dati personali (nome, e-mail, Ente, domanda) da parte del centro servizi del portale al solo ' +
  'fine di rispondere alla mia domanda, ai sensi dell’art. 13 del Regolamento (UE) 2016/679 (GDPR) e del D.Lgs. 196/2003. I dati ' +
  'sono conservati per il tempo necessario a rispondere e non sono comunicati a terzi.';
