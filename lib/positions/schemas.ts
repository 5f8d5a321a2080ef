import '@/lib/validation/italian';
import { z } from 'zod';
import type { Locale } from '@/lib/i18n/locales';
import { debtorIdSchemaFor, noticeNumberSchemaFor } from '@/lib/validation/ids';

/**
 * Proof of possession of an existing notice, as pagoPA's own channels ask it: the notice number and the
 * debtor's fiscal code. Shared by the lookup form, its route and the pay / add-to-cart actions.
 */
export function noticeClaimSchemaFor(locale: Locale) {
  return z.object({ codice: noticeNumberSchemaFor(locale), codiceFiscale: debtorIdSchemaFor(locale) });
}

export const noticeClaimSchema = noticeClaimSchemaFor('it');

export type NoticeClaimInput = z.input<typeof noticeClaimSchema>;
export type NoticeClaim = z.output<typeof noticeClaimSchema>;
