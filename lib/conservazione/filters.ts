import { conservazioneState } from '@/db/schema';
import type { ConservazioneStateName } from './queries';

/** The states in the order the back office lists them: what needs attention first. */
export const STATES_BY_URGENCY: readonly ConservazioneStateName[] = ['rejected', 'failed', 'pending', 'sent', 'preserved', 'exported'];

/** The list's `?stato=` filter: a state, or every state for anything else (a stale or forged link shows all). */
export function conservazioneStateFilter(raw: string | undefined): ConservazioneStateName | undefined {
  return conservazioneState.enumValues.find((s) => s === raw);
}
