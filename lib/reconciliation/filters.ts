import '@/lib/validation/italian';
import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';
import { isoDateSchema as isoDate, optionalParam as optional } from '@/lib/validation/query-params';

/** The export's selection: one flow, or the flows settled (regulation date) in a range of days. */
export const reconciliationExportSchema = z
  .object({
    flusso: optional(uuidSchema),
    dal: optional(isoDate),
    al: optional(isoDate),
  })
  .refine((f) => !f.dal || !f.al || f.dal <= f.al, { path: ['al'], message: 'La data finale viene prima di quella iniziale' });

export type ReconciliationExportFilters = z.output<typeof reconciliationExportSchema>;

export const anomalyTabSchema = z.enum(['non-abbinati', 'importi', 'non-rendicontati']).catch('non-abbinati');
export type AnomalyTab = z.output<typeof anomalyTabSchema>;

/** A numeric keyset cursor (a payment row id), from a URL anyone can edit: anything else is the first page. */
export function numericCursor(after: string | undefined): number | null {
  return after && /^\d{1,15}$/.test(after) ? Number(after) : null;
}
