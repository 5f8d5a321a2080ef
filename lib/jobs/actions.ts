'use server';

import { z } from 'zod';
import { staffAction } from '@/lib/actions/wrapper';
import { ActionError } from '@/lib/actions/result';
import { retryEnteDeadJob } from './ente-jobs';

const retrySchema = z.object({ id: z.number({ message: 'Lavoro non valido' }).int().positive().max(Number.MAX_SAFE_INTEGER) });

const OUTCOME_MESSAGES = {
  retried: 'Il lavoro è stato rimesso in coda.',
  not_dead: 'Il lavoro non è più fermo: è già stato ripreso.',
  superseded: 'Un lavoro più recente per la stessa posizione è già in coda.',
} as const;

/** Put one of the Ente's dead jobs back in the queue: administrators only. */
export const retryEnteJob = staffAction(
  'riprova_lavoro',
  ['ente_admin'],
  retrySchema,
  async ({ id }, { db, ente, staff, clientAddress }) => {
    const outcome = await retryEnteDeadJob(db, ente.id, { id, actorUserId: staff.userId, address: clientAddress });
    if (outcome === 'not_found') throw new ActionError('Lavoro non trovato.');
    return OUTCOME_MESSAGES[outcome];
  },
);
