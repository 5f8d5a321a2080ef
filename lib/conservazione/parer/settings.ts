import '@/lib/validation/italian';
import { z } from 'zod';
import { httpUrl } from '@/lib/partners/connection-settings';
import { CONTROL_MESSAGE, NO_CONTROL } from '@/lib/validation/optional-fields';

/*
 * An Ente's connection to ParER's SacER (reference conservazione.md §4). Ambiente, Ente, Struttura, the
 * user, the tipologia and the document types are assigned and configured by ParER: the values here are
 * copied from what ParER communicates. The password is a secret, kept apart (write-only in the back office).
 */

const sacerName = (label: string) =>
  z
    .string({ error: `Indica ${label}` })
    .trim()
    .min(1, `Indica ${label}`)
    .max(100, 'Al massimo 100 caratteri')
    .refine(NO_CONTROL, CONTROL_MESSAGE);

/** How long one versamento may take before it counts as failed (a PDF and an RT are small; SacER checks them synchronously). */
export const DEFAULT_SACER_TIMEOUT_MS = 120_000;

export const parerSettingsSchema = z.object({
  /** SacER's host, e.g. https://parer.example.it: the service is at {url}/sacerws/VersamentoSync. */
  url: httpUrl,
  ambiente: sacerName("l'Ambiente"),
  ente: sacerName("l'Ente in SacER"),
  struttura: sacerName('la Struttura'),
  /** The LOGINNAME, also written as Versatore/UserID (SacER requires them equal: UD-001-005). */
  userId: sacerName("l'utente versatore"),
  tipologiaUnitaDocumentaria: sacerName("la tipologia dell'unità documentaria"),
  tipoDocumentoPrincipale: sacerName('il tipo del documento principale'),
  tipoDocumentoAllegato: sacerName("il tipo dell'allegato"),
  /** The version of the ProfiloNormativo XSD that ParER configured for the tipologia (unverified: its contents). */
  profiloNormativoVersione: sacerName('la versione del profilo normativo'),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(DEFAULT_SACER_TIMEOUT_MS),
});

export type ParerSettings = z.output<typeof parerSettingsSchema>;
export type ParerSettingsInput = z.input<typeof parerSettingsSchema>;

export const parerSecretsSchema = z.object({
  password: z.string({ error: 'Indica la password' }).min(1, 'Indica la password').max(500, 'Password troppo lunga'),
});

export type ParerSecrets = z.output<typeof parerSecretsSchema>;
