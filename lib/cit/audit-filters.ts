import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';
import { isoDateSchema, optionalParam } from '@/lib/validation/query-params';

/** The `ente` value that selects the platform's own actions (no Ente). */
export const PLATFORM_ONLY = 'piattaforma';

/**
 * The audit viewer's filters, as the query string of its GET form and of the CSV export: one schema for
 * both. Blank means "any".
 */
export const auditFiltersSchema = z
  .object({
    ente: optionalParam(z.union([z.literal(PLATFORM_ONLY), uuidSchema], { message: 'Scegli un Ente dall’elenco' })),
    utente: optionalParam(
      z
        .string()
        .trim()
        .max(254, 'Il valore è troppo lungo')
        .transform((value) => (value.includes('@') ? value.toLowerCase() : value.toUpperCase()))
        .pipe(
          z.string().refine((value) => value.includes('@') || /^[A-Z0-9]{16}$/.test(value), {
            message: "Scrivi l'e-mail o il codice fiscale (16 caratteri) dell'utente",
          }),
        ),
    ),
    azione: optionalParam(
      z
        .string()
        .trim()
        .max(80, "Il nome dell'azione è troppo lungo")
        .regex(/^[a-z0-9_.:-]+$/, "Scegli un'azione dall'elenco"),
    ),
    dal: optionalParam(isoDateSchema),
    al: optionalParam(isoDateSchema),
  })
  .refine((f) => !f.dal || !f.al || f.dal <= f.al, { path: ['al'], message: 'La data finale viene prima di quella iniziale' });

export type AuditFilters = z.output<typeof auditFiltersSchema>;

const AUDIT_FILTER_KEYS = ['ente', 'utente', 'azione', 'dal', 'al'] as const;

/** The first value of each filter parameter, as a page or route receives them. */
export function auditFilterInputOf(read: (key: string) => string | undefined): Record<string, string | undefined> {
  return Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, read(key)?.slice(0, 300)]));
}

/** The filters as query parameters again (the export link and the next page). */
export function auditFiltersToQuery(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  return query;
}

/** An action's code as people read it: `lavoro_riprovato` → `Lavoro riprovato`. */
export function actionLabel(action: string): string {
  const words = action.replace(/[_.:-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The details' keys the portal writes, as people read them; another key shows as it is. */
const DETAIL_LABELS: Record<string, string> = {
  what: 'Richiesta',
  required: 'Ruoli richiesti',
  fiscalCode: 'Codice fiscale',
  before: 'Prima',
  after: 'Dopo',
  reason: 'Motivo',
  note: 'Nota',
  kind: 'Tipo',
  label: 'Nome',
  prefix: 'Prefisso',
  service: 'Servizio',
  amountCents: 'Importo in centesimi',
  noticeNumber: 'Codice avviso',
  requestId: 'Identificativo richiesta',
  slug: 'Sottodominio',
  admin: 'Amministratore',
  activated: 'Attivato',
  by: 'Da',
  ente: 'Ente',
  utente: 'Utente',
  azione: 'Azione',
  dal: 'Dal',
  al: 'Al',
};

export const detailLabel = (key: string) => DETAIL_LABELS[key] ?? key;
