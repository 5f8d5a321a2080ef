import '@/lib/validation/italian';
import { z } from 'zod';
import { isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';
import { uuidSchema } from '@/lib/validation/ids';

export const staffRoleSchema = z.enum(['ente_admin', 'ente_operator', 'ente_viewer'], { message: 'Scegli un ruolo' });

/** A person's codice fiscale as typed (spaces and lower case allowed), checked down to its control character. */
export const personFiscalCodeSchema = z
  .string({ message: 'Scrivi il codice fiscale' })
  .max(40, 'Il codice fiscale è troppo lungo')
  .transform((v) => v.replace(/\s/g, '').toUpperCase())
  .refine(isValidPersonFiscalCode, 'Codice fiscale non valido: controlla i 16 caratteri e il carattere di controllo');

export const fullNameSchema = z
  .string({ message: 'Scrivi nome e cognome' })
  .trim()
  .min(3, 'Scrivi nome e cognome')
  .max(140, 'Al massimo 140 caratteri')
  .refine((v) => !/\p{Cc}/u.test(v), 'Il nome contiene caratteri non ammessi');

export const optionalEmailSchema = z
  .union([z.literal(''), z.email({ message: 'Indirizzo e-mail non valido' }).max(254, 'Indirizzo e-mail troppo lungo')])
  .nullable()
  .optional()
  .transform((v) => (v ? v.toLowerCase() : null));

/** The services a scoped operator is limited to; empty means every service. Ignored for other roles. */
const serviceIdsSchema = z
  .array(uuidSchema)
  .max(500, 'Troppi servizi')
  .default([])
  .transform((ids) => [...new Set(ids)]);

export const inviteStaffInput = z.object({
  fiscalCode: personFiscalCodeSchema,
  fullName: fullNameSchema,
  email: optionalEmailSchema,
  role: staffRoleSchema,
  serviceIds: serviceIdsSchema,
});
export type InviteStaffInput = z.input<typeof inviteStaffInput>;
export type InviteStaffData = z.output<typeof inviteStaffInput>;

export const updateStaffInput = z.object({ userId: uuidSchema, role: staffRoleSchema, serviceIds: serviceIdsSchema });
export type UpdateStaffInput = z.input<typeof updateStaffInput>;
export type UpdateStaffData = z.output<typeof updateStaffInput>;

export const removeStaffInput = z.object({ userId: uuidSchema });
