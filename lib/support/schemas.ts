import '@/lib/validation/italian';
import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';
import { SUPPORT_CATEGORIES, SUPPORT_STATUSES } from './labels';

/*
 * The helpdesk's inputs, shared by the browser forms and the server (upload routes and actions). The
 * attachments are checked apart (attachments.ts): their bytes only exist on the server.
 */
const bodySchema = z
  .string({ message: 'Scrivi il messaggio' })
  .trim()
  .min(1, 'Scrivi il messaggio')
  .max(10_000, 'Il messaggio è troppo lungo: al massimo 10.000 caratteri');

export const newRequestSchema = z.object({
  categoria: z.enum(SUPPORT_CATEGORIES, { message: 'Scegli l’argomento della richiesta' }),
  oggetto: z
    .string({ message: 'Scrivi l’oggetto' })
    .trim()
    .min(3, 'Scrivi l’oggetto: almeno 3 caratteri')
    .max(200, 'L’oggetto è troppo lungo: al massimo 200 caratteri'),
  testo: bodySchema,
});
export type NewRequestInput = z.input<typeof newRequestSchema>;

export const replySchema = z.object({ testo: bodySchema });

/** The CIT's answer also sets the request's state: by default it now waits for the Ente. */
export const answerSchema = z.object({
  testo: bodySchema,
  stato: z.enum(SUPPORT_STATUSES, { message: 'Scegli lo stato' }).default('in_attesa_ente'),
});

export const requestIdSchema = z.object({ id: uuidSchema });

export const changeStatusSchema = z.object({ id: uuidSchema, stato: z.enum(SUPPORT_STATUSES, { message: 'Scegli lo stato' }) });

/** Assign to a CIT user, or to nobody (empty). */
export const assignSchema = z.object({
  id: uuidSchema,
  assegnatario: z.union([z.literal(''), uuidSchema]).transform((value) => value || null),
});

/** The CIT list's filters, as the query string gives them: anything unknown is ignored, never an error. */
export const citFiltersSchema = z.object({
  stato: z.enum(SUPPORT_STATUSES).optional().catch(undefined),
  categoria: z.enum(SUPPORT_CATEGORIES).optional().catch(undefined),
  ente: uuidSchema.optional().catch(undefined),
  assegnate: z.enum(['mie', 'nessuno']).optional().catch(undefined),
  dopo: z.string().max(200).optional().catch(undefined),
});
export type CitFilters = z.output<typeof citFiltersSchema>;
