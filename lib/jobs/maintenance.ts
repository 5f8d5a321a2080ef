import type { Database } from '@/db';
import type { ServerConfig } from '@/lib/config';
import { pruneOidcRequests } from '@/lib/auth/oidc/request-store';
import { authLogCutoff, purgeAuthLog } from '@/lib/auth/saml/auth-log';
import { pruneRequests } from '@/lib/auth/saml/request-store';
import { pruneTickets } from '@/lib/auth/tickets';
import { scheduleConservazioneRuns } from '@/lib/conservazione/schedule';
import { romeDateAndTime } from '@/lib/format/rome-time';
import { logger } from '@/lib/logger';
import { scheduleDelivery } from '@/lib/notifications/delivery';
import { queueReminders } from '@/lib/notifications/outbox';
import { countDeadJobs } from './queries';
import type { PartnerResolver } from '@/lib/partners/registry';
import { expireTimedOutCarts } from '@/lib/payments/cart-lifecycle';
import { inboxRetentionCutoff, pruneUnverifiedInbox } from '@/lib/payments/inbox';
import { recoverMissingReceipts, recoverOverduePositions } from '@/lib/payments/recovery';
import { expireAbandonedSpontaneous } from '@/lib/positions/expire-spontaneous';
import { sweepPendingReceipts } from '@/lib/receipts-pipeline/trigger';
import { scheduleFdrPulls } from '@/lib/reconciliation/fdr-job';
import { rematchUnmatchedPayments } from '@/lib/reconciliation/import';
import { hitRateLimit, pruneRateLimits } from '@/lib/security/rate-limit';

/** Periodic work besides the queues. `run` may return how much it did, for the log. */
export interface MaintenanceTask {
  name: string;
  everyMs: number;
  run(db: Database, now: Date): Promise<number | void>;
}

const HOUR_MS = 3_600_000;

type MaintenanceConfig = Pick<
  ServerConfig,
  | 'RECOVERY_AFTER_MINUTES'
  | 'RECOVERY_MAX_AGE_HOURS'
  | 'CHECKOUT_TIMEOUT_MINUTES'
  | 'INBOX_RETENTION_DAYS'
  | 'AUTH_LOG_RETENTION_MONTHS'
  | 'SPONTANEOUS_TTL_HOURS'
>;

/** Every periodic task of the worker: adding one is adding one line here. */
export function maintenanceTasks(resolvePartner: PartnerResolver, config: MaintenanceConfig): MaintenanceTask[] {
  return [
    // Acknowledged receipts left pending, by an instance that died before appending them or by a failed
    // batch: found within a second or two. Not logged, since it finds the normal in-flight work too.
    { name: 'receipt-sequencer-sweep', everyMs: 1000, run: async (db) => void (await sweepPendingReceipts(db)) },
    {
      name: 'receipt-recovery',
      everyMs: 60_000,
      run: (db, now) =>
        recoverMissingReceipts(db, resolvePartner, config.RECOVERY_AFTER_MINUTES, now, { maxAgeHours: config.RECOVERY_MAX_AGE_HOURS }),
    },
    {
      name: 'checkout-timeout',
      everyMs: 60_000,
      run: (db, now) =>
        expireTimedOutCarts(db, resolvePartner, now, {
          timeoutMinutes: config.CHECKOUT_TIMEOUT_MINUTES,
          maxAgeHours: config.RECOVERY_MAX_AGE_HOURS,
        }),
    },
    {
      name: 'overdue-recovery',
      everyMs: 15 * 60_000,
      run: (db, now) => recoverOverduePositions(db, resolvePartner, now, { abandonedHours: config.RECOVERY_MAX_AGE_HOURS }),
    },
    {
      name: 'spontaneous-expiry',
      everyMs: 15 * 60_000,
      run: (db, now) =>
        expireAbandonedSpontaneous(db, now, {
          ttlHours: config.SPONTANEOUS_TTL_HOURS,
          checkoutTimeoutMinutes: config.CHECKOUT_TIMEOUT_MINUTES,
        }),
    },
    { name: 'rate-limit-prune', everyMs: HOUR_MS, run: (db, now) => pruneRateLimits(db, new Date(now.getTime() - 24 * HOUR_MS)) },
    // The dead-jobs metric, as a structured log line until the portal exports metrics.
    {
      name: 'dead-jobs-metric',
      everyMs: 5 * 60_000,
      run: async (db) => void logger.info({ metric: 'jobs_dead_total', value: await countDeadJobs(db) }, 'lavori morti'),
    },
    { name: 'saml-request-prune', everyMs: HOUR_MS, run: (db, now) => pruneRequests(db, now) },
    { name: 'oidc-request-prune', everyMs: HOUR_MS, run: (db, now) => pruneOidcRequests(db, now) },
    { name: 'login-ticket-prune', everyMs: HOUR_MS, run: (db, now) => pruneTickets(db, now) },
    // SPID: 24 months of AuthnRequest/Response log at least; older exchanges are personal data to let go.
    {
      name: 'auth-log-purge',
      everyMs: 24 * HOUR_MS,
      run: (db, now) => purgeAuthLog(db, authLogCutoff(config.AUTH_LOG_RETENTION_MONTHS, now)),
    },
    // FdR 3: each Ente's pull is a job of its own (lib/reconciliation/fdr-job.ts), retried with backoff.
    { name: 'fdr-pull-schedule', everyMs: HOUR_MS, run: (db) => scheduleFdrPulls(db) },
    // Conservazione: each Ente's daily run, and the earlier ones its last run asked for (lib/conservazione/schedule.ts).
    { name: 'conservazione-schedule', everyMs: 5 * 60_000, run: (db, now) => scheduleConservazioneRuns(db, now) },
    // Flow payments that arrived before their receipt: matched again once the receipt is here.
    { name: 'reconciliation-rematch', everyMs: HOUR_MS, run: (db) => rematchUnmatchedPayments(db) },
    // Citizens' messages: a delivery run as soon as one is due (new, or its backoff over), and the day's reminders.
    { name: 'notifications-schedule', everyMs: 5_000, run: (db) => scheduleDelivery(db) },
    { name: 'notification-reminders', everyMs: HOUR_MS, run: (db, now) => queueReminders(db, romeDateAndTime(now).date) },
    {
      name: 'inbox-prune',
      everyMs: HOUR_MS,
      run: (db, now) => pruneUnverifiedInbox(db, inboxRetentionCutoff(config.INBOX_RETENTION_DAYS, now)),
    },
  ];
}

/**
 * Runs the tasks that are due, each on its own: one that throws is logged and the others still run.
 * `lastRun` is this process's memory; a shared counter per interval window also makes every task run
 * once per interval across all the app instances, not once per instance.
 */
export async function runMaintenance(
  db: Database,
  tasks: readonly MaintenanceTask[],
  lastRun: Map<string, number>,
  now = new Date(),
): Promise<void> {
  for (const task of tasks) {
    if (now.getTime() - (lastRun.get(task.name) ?? -Infinity) < task.everyMs) continue;
    lastRun.set(task.name, now.getTime());
    try {
      const window = { name: 'maintenance', limit: 1, windowSeconds: Math.max(1, Math.round(task.everyMs / 1000)) };
      if (!(await hitRateLimit(db, window, task.name, now)).ok) continue;
      const result = await task.run(db, now);
      if (typeof result === 'number' && result > 0) logger.info({ task: task.name, result }, 'manutenzione periodica eseguita');
    } catch (error) {
      logger.error({ task: task.name, err: error instanceof Error ? error.message : String(error) }, 'manutenzione periodica non riuscita');
    }
  }
}
