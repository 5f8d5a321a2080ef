import '@/lib/validation/italian';
import { z } from 'zod';
import { fullNameSchema, optionalEmailSchema, personFiscalCodeSchema } from '@/lib/staff/schemas';
import { uuidSchema } from '@/lib/validation/ids';
import { AGID_DOCUMENT_KINDS, MAX_DOCUMENT_BYTES } from './documents';

const reasonSchema = z.string().trim().max(500, 'Al massimo 500 caratteri');
const requiredReason = reasonSchema.min(5, 'Scrivi il motivo (almeno 5 caratteri)');

export const adhesionFilterSchema = z.object({
  stato: z.enum(['richiesta', 'in_attivazione', 'attivo', 'sospeso', 'cessato']).optional().catch(undefined),
  tipo: z.enum(['comune', 'unione', 'comunita_montana', 'altro']).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
});
export type AdhesionFilter = z.output<typeof adhesionFilterSchema>;

export const conventionInput = z.object({
  enteId: uuidSchema,
  actNumber: z.string().trim().min(1, 'Scrivi il numero della deliberazione').max(40, 'Al massimo 40 caratteri'),
  actDate: z.iso.date({ message: 'Scrivi la data della deliberazione' }),
});
export type ConventionInput = z.input<typeof conventionInput>;

export const referenteInput = z.object({
  enteId: uuidSchema,
  fullName: fullNameSchema,
  fiscalCode: personFiscalCodeSchema,
  email: optionalEmailSchema,
  phone: z
    .string()
    .trim()
    .max(30, 'Al massimo 30 caratteri')
    .regex(/^[0-9 +./-]*$/, 'Solo cifre, spazi e + . / -')
    .optional()
    .transform((v) => v || null),
});
export type ReferenteInput = z.input<typeof referenteInput>;

export const partnerChoiceInput = z.object({
  enteId: uuidSchema,
  partner: z.enum(['sandbox', 'nordcom_tim', 'unimatica', 'maggioli', 'dedagroup'], { message: 'Scegli un partner' }),
});

export const trainingDoneInput = z.object({
  enteId: uuidSchema,
  note: z.string().trim().min(5, 'Scrivi come si è svolta la formazione (almeno 5 caratteri)').max(500, 'Al massimo 500 caratteri'),
});

const fileSchema = z
  .file({ message: 'Scegli un file' })
  .refine((f) => f.size > 0, 'Il file è vuoto')
  .refine((f) => f.size <= MAX_DOCUMENT_BYTES, 'Il file supera i 10 MB');

export const documentUploadInput = z.object({
  enteId: uuidSchema,
  kind: z.enum(['modulo_adesione', 'documento_identita', ...AGID_DOCUMENT_KINDS], { message: 'Scegli il tipo di documento' }),
  handSigned: z.boolean().default(false),
  note: z
    .string()
    .trim()
    .max(500, 'Al massimo 500 caratteri')
    .optional()
    .transform((v) => v || null),
  file: fileSchema,
});

export const documentStatusInput = z.object({
  enteId: uuidSchema,
  documentId: uuidSchema,
  status: z.enum(['caricato', 'inviato_agid', 'accettato', 'respinto'], { message: 'Scegli uno stato' }),
});

/** Moves along the path (request → activation → active): both CIT roles. */
export const advanceInput = z.object({ enteId: uuidSchema, to: z.enum(['in_attivazione', 'attivo'], { message: 'Stato non valido' }) });
/** Suspension and cessation, which need a reason; reactivation. The CIT admin's alone. */
export const suspendInput = z.object({ enteId: uuidSchema, reason: requiredReason });
export const ceaseInput = z.object({ enteId: uuidSchema, reason: requiredReason });
export const reactivateInput = z.object({ enteId: uuidSchema, reason: reasonSchema.optional() });

/** The Ente admin's disdetta: a reason and the signed termination request. */
export const terminationInput = z.object({
  reason: requiredReason,
  handSigned: z.boolean().default(false),
  file: fileSchema,
});
