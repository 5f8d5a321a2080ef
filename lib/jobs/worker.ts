import type { Database } from '@/db';
import { logger } from '@/lib/logger';
import { recoverMissingReceipts } from '@/lib/payments/recovery';
import { jobHandlers, type JobDependencies } from './handlers';
import { runDueJobs } from './queue';

export interface WorkerOptions extends JobDependencies {
  pollMs: number;
  /** Minutes after checkout start before the partner is asked about a missing receipt. */
  recoveryAfterMinutes: number;
  recoveryEveryMs: number;
}

/**
 * Polls the job queues and, less often, looks for receipts that never arrived. Safe to run in every app
 * instance at once: jobs are claimed with SKIP LOCKED and receipts are idempotent.
 */
export function startWorker(db: Database, options: WorkerOptions): () => void {
  const handlers = jobHandlers(options);
  let running = false;
  let lastRecovery = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      while ((await runDueJobs(db, handlers)) > 0);
      if (Date.now() - lastRecovery >= options.recoveryEveryMs) {
        lastRecovery = Date.now();
        const recovered = await recoverMissingReceipts(db, options.resolvePartner, options.recoveryAfterMinutes);
        if (recovered > 0) logger.info({ recovered }, 'ricevute recuperate dal partner');
      }
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'errore del worker');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
