import '@/lib/validation/italian';
import { z } from 'zod';
import { uuidSchema } from '@/lib/validation/ids';

export const BILLING_METHODS = ['pro_rata', 'whole_year'] as const;

export const billingYearSchema = z.coerce
  .number({ message: 'Anno non valido' })
  .int('Anno non valido')
  .min(2000, 'Anno non valido')
  .max(2100, 'Anno non valido');

export const billingMethodSchema = z.enum(BILLING_METHODS, { message: 'Metodo di calcolo non valido' });

/** A CIT admin approves a year's billing with the method the report showed. */
export const approveBillingSchema = z.object({ year: billingYearSchema, method: billingMethodSchema });

/** The multi-ente condition of an Unione or Comunità Montana (and so of its member Comuni). */
export const sharedReferenteSchema = z.object({ enteId: uuidSchema, shared: z.boolean({ message: 'Indica se il referente è condiviso' }) });
