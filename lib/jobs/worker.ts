import type { Database } from '@/db';
import { logger } from '@/lib/logger';
import { jobHandlers, type JobDependencies } from './handlers';
import { runMaintenance, type MaintenanceTask } from './maintenance';
import { runDueJobs } from './queue';

export interface WorkerOptions extends JobDependencies {
  pollMs: number;
  /** Periodic work besides the queues (see maintenanceTasks). */
  tasks: readonly MaintenanceTask[];
}

/** Rounds of queue work per tick before the maintenance tasks get their turn. */
const MAX_ROUNDS_PER_TICK = 50;

/**
 * Polls the job queues and runs the periodic maintenance tasks. Safe to run in every app instance at
 * once: jobs are claimed with SKIP LOCKED and owner tokens, receipts are idempotent, and each task runs
 * once per interval across instances. Nothing it does can throw out of the timer: errors are logged.
 * The function it returns stops the polling and resolves once the batch of jobs in hand is settled
 * (graceful shutdown): the tick's further rounds and its maintenance are skipped.
 */
export function startWorker(db: Database, options: WorkerOptions): () => Promise<void> {
  const handlers = jobHandlers(options);
  const lastRun = new Map<string, number>();
  let stopped = false;
  let inFlight: Promise<void> | null = null;
  const tick = async () => {
    try {
      for (let round = 0; round < MAX_ROUNDS_PER_TICK && !stopped && (await runDueJobs(db, handlers)) > 0; round++);
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'errore del worker sulle code');
    }
    if (stopped) return;
    try {
      await runMaintenance(db, options.tasks, lastRun);
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'errore del worker nella manutenzione');
    }
  };
  const timer = setInterval(() => {
    inFlight ??= tick().finally(() => (inFlight = null));
  }, options.pollMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await inFlight;
  };
}
