import '@/lib/validation/italian';
import { z } from 'zod';
import { optionalEmail, optionalText } from '@/lib/validation/optional-fields';

export const PARTNER_CODES = ['sandbox', 'nordcom_tim', 'unimatica', 'maggioli', 'dedagroup'] as const;
export const PARTNER_PROTOCOLS = ['sandbox', 'govpay', 'gpd_checkout'] as const;

export const PROTOCOL_LABELS: Record<(typeof PARTNER_PROTOCOLS)[number], string> = {
  sandbox: 'Simulatore integrato (sandbox)',
  govpay: 'GovPay (API REST)',
  gpd_checkout: 'GPD e Checkout di pagoPA',
};

const partnerCode = z.enum(PARTNER_CODES, { message: 'Partner sconosciuto' });

const optionalWebsite = z
  .string()
  .trim()
  .max(254, 'Al massimo 254 caratteri')
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'Deve essere un indirizzo http(s)://')
  .nullable()
  .optional()
  .transform((v) => v || null);

/** Who to call at a partner: any CIT staff keeps these current. Shared by the form and the server action. */
export const partnerContactsSchema = z.object({
  code: partnerCode,
  website: optionalWebsite,
  contactName: optionalText(140),
  contactEmail: optionalEmail,
  contactPhone: optionalText(30),
  technicalName: optionalText(140),
  technicalEmail: optionalEmail,
  technicalPhone: optionalText(30),
  notes: optionalText(2000),
});

/** Whether a partner may be assigned and how the portal talks to it: a CIT admin's decision. */
export const partnerStatusSchema = z.object({
  code: partnerCode,
  compatible: z.boolean({ message: 'Indica se il partner è compatibile' }),
  protocol: z.enum(PARTNER_PROTOCOLS, { message: 'Protocollo non valido' }).nullable(),
});

export type PartnerContactsInput = z.input<typeof partnerContactsSchema>;
export type PartnerContactsData = Omit<z.output<typeof partnerContactsSchema>, 'code'>;
export type PartnerStatusInput = z.input<typeof partnerStatusSchema>;
export type PartnerStatusData = Omit<z.output<typeof partnerStatusSchema>, 'code'>;
