import '@/lib/validation/italian';
import { z } from 'zod';
import { CONTROL_MESSAGE, NO_CONTROL, secretInput as secret } from '@/lib/validation/optional-fields';

/*
 * The connection settings form as people fill it, shared by the form (checked in the browser) and the
 * server actions. Every value stays a string or a boolean and parsing twice gives the same result, since the
 * form sends the parsed values to the action, which parses them again. Secrets are write-only: an empty
 * field keeps the stored one, `remove.<name>` clears it.
 */

const url = (label: string) =>
  z
    .string({ message: `Scrivi ${label}` })
    .trim()
    .max(500, 'Al massimo 500 caratteri')
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), 'Scrivi un indirizzo completo http(s)://')
    .transform((v) => v.replace(/\/+$/, ''));

const optionalUrl = z
  .string()
  .trim()
  .max(500, 'Al massimo 500 caratteri')
  .refine((v) => v === '' || (/^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v)), 'Scrivi un indirizzo completo http(s)://')
  .transform((v) => v.replace(/\/+$/, ''));

/** A PEM block: line breaks allowed, no other control characters. */
const pem = (kind: string) =>
  z
    .string()
    .trim()
    .max(20_000, 'Al massimo 20.000 caratteri')
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), CONTROL_MESSAGE)
    .refine((v) => v === '' || new RegExp(`^-----BEGIN [A-Z ]*${kind}-----[\\s\\S]+-----END [A-Z ]*${kind}-----$`).test(v), {
      message: `Incolla il blocco PEM completo, da -----BEGIN … ${kind}----- a -----END … ${kind}-----`,
    });

export const PARTNER_CODE_PATTERN = /^[a-zA-Z0-9\-_.]{1,35}$/;
const PARTNER_CODE_MESSAGE = 'Da 1 a 35 tra lettere, cifre, -, _ e .';

const checkoutVersion = z.enum(['1', '2'], { message: 'Scegli la versione 1 o 2' });

/** The removal checkboxes of a protocol's secrets. */
const removals = <K extends string>(names: readonly K[]) =>
  z.object(Object.fromEntries(names.map((n) => [n, z.boolean().default(false)])) as Record<K, z.ZodDefault<z.ZodBoolean>>);

export const GOVPAY_SECRETS = ['password', 'clientCertPem', 'clientKeyPem', 'checkoutKey'] as const;
export const GPD_SECRETS = ['gpdKey', 'receiptsKey', 'fdrKey', 'checkoutKey'] as const;

export const govpayConnectionForm = z
  .object({
    protocol: z.literal('govpay'),
    pendenzeUrl: url('l’indirizzo dell’API Pendenze'),
    ragioneriaUrl: url('l’indirizzo dell’API Ragioneria'),
    idA2A: z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9\-_]{1,35}$/, 'Da 1 a 35 tra lettere, cifre, - e _'),
    defaultTipoPendenza: z.string().trim().regex(PARTNER_CODE_PATTERN, PARTNER_CODE_MESSAGE),
    outboundAuth: z.enum(['basic', 'client_cert'], { message: 'Scegli come il portale si autentica a GovPay' }),
    username: z.string().trim().max(100, 'Al massimo 100 caratteri').refine(NO_CONTROL, CONTROL_MESSAGE),
    ownNoticeNumbers: z.boolean(),
    checkoutUrl: url('l’indirizzo di Checkout'),
    checkoutVersion,
    password: secret(500),
    clientCertPem: pem('CERTIFICATE'),
    clientKeyPem: pem('KEY'),
    checkoutKey: secret(200),
    remove: removals(GOVPAY_SECRETS),
  })
  .refine((v) => v.outboundAuth !== 'basic' || v.username !== '', {
    path: ['username'],
    message: 'Con l’autenticazione Basic serve il nome utente',
  });

export const gpdConnectionForm = z.object({
  protocol: z.literal('gpd_checkout'),
  gpdUrl: url('l’indirizzo di GPD'),
  receiptsUrl: url('l’indirizzo dell’API ricevute'),
  fdrUrl: optionalUrl,
  checkoutUrl: url('l’indirizzo di Checkout'),
  checkoutVersion,
  gpdKey: secret(200),
  receiptsKey: secret(200),
  fdrKey: secret(200),
  checkoutKey: secret(200),
  remove: removals(GPD_SECRETS),
});

export const connectionForm = z.discriminatedUnion('protocol', [govpayConnectionForm, gpdConnectionForm]);

export type GovpayConnectionFormInput = z.input<typeof govpayConnectionForm>;
export type GpdConnectionFormInput = z.input<typeof gpdConnectionForm>;
export type ConnectionFormData = z.output<typeof connectionForm>;

const enteId = z.uuid({ message: 'Identificativo non valido' });

/** The CIT acts on an Ente named by id (from the page's path); the Ente's own admin on the Ente of the Host. */
export const citConnectionInput = z.object({ enteId, connection: connectionForm });

export const inboundCredentialInput = z.object({
  auth: z.enum(['basic', 'api_key'], { message: 'Scegli Basic o chiave API' }),
  principal: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,64}$/, 'Da 3 a 64 tra lettere, cifre, ., _ e -'),
});
export const citInboundCredentialInput = z.object({ enteId, credential: inboundCredentialInput });

/** The idTipoPendenza of each service; empty uses the connection's default. */
export const serviceCodesInput = z.object({
  codes: z
    .array(
      z.object({
        serviceId: enteId,
        code: z
          .string()
          .trim()
          .refine((v) => v === '' || PARTNER_CODE_PATTERN.test(v), PARTNER_CODE_MESSAGE),
      }),
    )
    .max(500, 'Troppi servizi in una volta'),
});
export const citServiceCodesInput = z.object({ enteId, mapping: serviceCodesInput });

export const citEnteInput = z.object({ enteId });
