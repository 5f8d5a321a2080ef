import '@/lib/validation/italian';
import { z } from 'zod';
import { CONTROL_MESSAGE, NO_CONTROL } from '@/lib/validation/optional-fields';

/*
 * What an Ente decides about the preservation metadata of its receipts (Allegato 5, reference
 * conservazione.md §2), as the back office will store it. Parsed here so that every caller (settings page,
 * daily job, export) gets the same rules and the same Italian messages.
 */

/** The document type every receipt carries unless the Ente's manuale names it otherwise. */
export const TIPOLOGIA_DOCUMENTALE = 'Ricevuta di pagamento pagoPA';

/**
 * Ten years: the civil code's term for accounting records (art. 2220 c.c.). The Ente's manuale di
 * conservazione decides; this is only the value offered until it does.
 */
export const DEFAULT_RETENTION_YEARS = 10;

/** CodiceRegistroType of the DAI XSD the reference cites: 1–16 letters, digits, «_», «.», «-». */
export const CODICE_REGISTRO = /^[A-Za-z0-9_.-]{1,16}$/;

const text = (max: number, missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `Al massimo ${max} caratteri`).refine(NO_CONTROL, CONTROL_MESSAGE);

export const TIPI_AGGREGAZIONE = ['Fascicolo', 'Serie Documentale', 'Serie Di Fascicoli'] as const;

export const conservazioneSettingsSchema = z.object({
  retentionYears: z
    .number({ error: 'Indica per quanti anni conservare le ricevute' })
    .int('Indica un numero intero di anni')
    .min(1, 'Almeno 1 anno')
    .max(9999, 'Al massimo 9999 anni'),
  /** The repertorio the receipts are registered in; null: none (the metadata then say «Nessuno»). */
  registro: z
    .string({ error: 'Indica il codice del registro' })
    .regex(CODICE_REGISTRO, 'Il codice del registro ha da 1 a 16 caratteri tra lettere, cifre, «_», «.» e «-»')
    .nullable(),
  tipologiaDocumentale: text(200, 'Indica la tipologia documentale').default(TIPOLOGIA_DOCUMENTALE),
  /** The Ente's Area Organizzativa Omogenea in IndicePA: a PAI subject needs it. */
  aoo: z.object(
    {
      codiceIpa: text(16, "Indica il codice IPA dell'AOO"),
      denominazione: text(200, "Indica la denominazione dell'AOO"),
    },
    { error: "Indica l'Area Organizzativa Omogenea dell'Ente" },
  ),
  classificazione: z
    .object({
      indice: text(100, "Indica l'indice di classificazione"),
      descrizione: text(200, 'Indica la descrizione della voce di classificazione'),
      piano: text(200, 'Indica il piano di classificazione').optional(),
    })
    .nullable()
    .default(null),
  aggregazioni: z
    .array(
      z.object({
        tipo: z.enum(TIPI_AGGREGAZIONE, { error: 'Tipo di aggregazione non valido' }),
        id: text(200, "Indica l'identificativo dell'aggregazione"),
      }),
    )
    .max(20, 'Al massimo 20 aggregazioni')
    .default([]),
  riservato: z.boolean({ error: 'Indica se le ricevute sono riservate' }).default(false),
});

export type ConservazioneSettingsInput = z.input<typeof conservazioneSettingsSchema>;
export type ConservazioneSettings = z.output<typeof conservazioneSettingsSchema>;
