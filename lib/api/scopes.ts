import '@/lib/validation/italian';
import { z } from 'zod';
import type { apiScope } from '@/db/schema';

/*
 * What an API key may do. Each /api/v1 operation requires one scope (apiRoute); a key lacking it gets 403.
 * Positions and receipts are what every key could do before scopes existed; preservation is asked for.
 */

// Written out rather than read from the schema, which a browser bundle (the key form) must not load.
export const API_SCOPES = ['positions', 'receipts', 'preservation'] as const satisfies readonly (typeof apiScope.enumValues)[number][];
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  positions: 'Posizioni: creare, modificare, annullare, leggere, avvisi',
  receipts: 'Ricevute: elenco e PDF',
  preservation: 'Conservazione: pacchetti giornalieri UNI SInCRO',
};

/** In the keys' list. */
export const API_SCOPE_SHORT_LABELS: Record<ApiScope, string> = {
  positions: 'posizioni',
  receipts: 'ricevute',
  preservation: 'conservazione',
};

/** A new key's scopes when none are chosen (the command line): those every key had before scopes existed. */
export const DEFAULT_API_SCOPES: readonly ApiScope[] = ['positions', 'receipts'];

export const apiScopesSchema = z
  .array(z.enum(API_SCOPES, { error: 'Ambito non valido' }), { error: 'Scegli che cosa può fare la chiave' })
  .min(1, 'Scegli almeno una cosa che la chiave può fare')
  .max(API_SCOPES.length, 'Ambiti ripetuti')
  .transform((scopes) => API_SCOPES.filter((s) => scopes.includes(s)));
