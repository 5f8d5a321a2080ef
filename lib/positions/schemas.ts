import '@/lib/validation/italian';
import { z } from 'zod';
import { debtorIdSchema, noticeNumberSchema } from '@/lib/validation/ids';

/**
 * Proof of possession of an existing notice, as pagoPA's own channels ask it: the notice number and the
 * debtor's fiscal code. Shared by the lookup form, its route and the pay / add-to-cart actions.
 */
export const noticeClaimSchema = z.object({
  codice: noticeNumberSchema,
  codiceFiscale: debtorIdSchema,
});

export type NoticeClaimInput = z.input<typeof noticeClaimSchema>;
export type NoticeClaim = z.output<typeof noticeClaimSchema>;
