import { z } from 'zod';
import { conservazioneState, type ConservazioneReceipt } from '@/db/schema';

export type ConservazioneStateName = ConservazioneReceipt['state'];

/** The states in the order the back office lists them: what needs attention first. */
export const CONSERVAZIONE_STATES: readonly ConservazioneStateName[] = ['rejected', 'failed', 'pending', 'sent', 'preserved', 'exported'];

const stateSchema = z.enum(conservazioneState.enumValues);

/** The list's `?stato=` filter: a state, or every state for anything else (a stale or forged link shows all). */
export function conservazioneStateFilter(raw: string | undefined): ConservazioneStateName | undefined {
  const parsed = stateSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
