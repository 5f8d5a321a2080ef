import { z } from 'zod';
import type { JobHandler } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { runConservazione } from './run';

/**
 * The queue's handler: one Ente's run. What the conservatore answered is stored by the run and never
 * throws; only the portal's own trouble (database) does, and the queue retries that.
 */
export const conservazioneJobHandler: JobHandler = async (db, payload, context) => {
  const enteId = z.uuid().safeParse(payload.enteId);
  if (!enteId.success) return;
  const result = await runConservazione(db, enteId.data, { signal: context.signal, extendLock: context.extendLock });
  if (result.kind === 'inactive') logger.info({ enteId: enteId.data, reason: result.reason }, 'conservazione non eseguita');
};
