import { z } from 'zod';

/*
 * The non-secret part of an Ente's connection to a real partner, one schema per protocol. The secrets
 * (passwords, client keys, subscription keys) are in `ConnectionSecrets`, stored encrypted and never shown.
 */

export const httpUrl = z
  .url({ message: 'deve essere un URL http(s)://' })
  .max(500)
  .refine((value) => /^https?:\/\//.test(value), 'deve essere un URL http(s)://')
  .transform((value) => value.replace(/\/+$/, ''));

/** pagoPA Checkout: v2 requires returnWaitingUrl as well. */
const checkout = {
  checkoutUrl: httpUrl,
  checkoutVersion: z.union([z.literal(1), z.literal(2)]).default(2),
};

export const govpaySettingsSchema = z.object({
  /** API Pendenze v2 base, e.g. https://govpay.example.it/govpay/backend/api/pendenze/rs/basic/v2 */
  pendenzeUrl: httpUrl,
  /** API Ragioneria v3 base, e.g. https://govpay.example.it/govpay/backend/api/ragioneria/rs/basic/v3 */
  ragioneriaUrl: httpUrl,
  idA2A: z.string().regex(/^[a-zA-Z0-9\-_]{1,35}$/, 'da 1 a 35 tra lettere, cifre, - e _'),
  /** idTipoPendenza for services without their own `partner_service_code`. */
  defaultTipoPendenza: z.string().regex(/^[a-zA-Z0-9\-_.]{1,35}$/, 'da 1 a 35 tra lettere, cifre, -, _ e .'),
  /** How we authenticate to GovPay: HTTP Basic, or a client certificate (GovPay's `ssl`). */
  outboundAuth: z.enum(['basic', 'client_cert']),
  username: z.string().min(1).max(100).optional(),
  /** GovPay's application has «Generazione IUV interna»: it accepts our numeroAvviso. Otherwise it assigns one. */
  ownNoticeNumbers: z.boolean().default(true),
  ...checkout,
});

export const gpdSettingsSchema = z.object({
  /** GPD debt positions v1, e.g. https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1 */
  gpdUrl: httpUrl,
  /** GPD payments receipts, e.g. https://api.uat.platform.pagopa.it/gpd/payments-receipts-service/v1 */
  receiptsUrl: httpUrl,
  /** FdR 3 organization API, e.g. https://api.platform.pagopa.it/fdr-org/service/v1 (absent: no pull of flows). */
  fdrUrl: httpUrl.optional(),
  ...checkout,
});

export type GovpaySettings = z.infer<typeof govpaySettingsSchema>;
export type GpdSettings = z.infer<typeof gpdSettingsSchema>;

/** Every secret a connection may hold; which are required depends on the protocol and the auth chosen. */
export const connectionSecretsSchema = z.object({
  /** GovPay HTTP Basic password. */
  password: z.string().min(1).max(500).optional(),
  /** GovPay client certificate and key (PEM). */
  clientCertPem: z.string().min(1).max(20_000).optional(),
  clientKeyPem: z.string().min(1).max(20_000).optional(),
  /** Ocp-Apim-Subscription-Key for GPD, its receipts API, FdR and Checkout (each may differ). */
  gpdKey: z.string().min(1).max(200).optional(),
  receiptsKey: z.string().min(1).max(200).optional(),
  fdrKey: z.string().min(1).max(200).optional(),
  checkoutKey: z.string().min(1).max(200).optional(),
});

export type ConnectionSecrets = z.infer<typeof connectionSecretsSchema>;

export type ConnectionConfig =
  | { protocol: 'govpay'; settings: GovpaySettings; secrets: ConnectionSecrets }
  | { protocol: 'gpd_checkout'; settings: GpdSettings; secrets: ConnectionSecrets };
