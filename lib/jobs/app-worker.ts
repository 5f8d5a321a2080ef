import { getDb } from '@/db';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { httpTransport } from '@/lib/partners/sandbox/delivery';
import { logger } from '@/lib/logger';
import { startWorker } from './worker';

const holder = globalThis as typeof globalThis & { __portaleWorker?: () => void };

/** The in-process worker of an app instance (WORKER_ENABLED=false to run it only via `npm run worker`). */
export async function startAppWorker(): Promise<void> {
  if (holder.__portaleWorker) return;
  const db = await getDb();
  const callbackUrl = process.env.SANDBOX_CALLBACK_URL || `http://127.0.0.1:${process.env.PORT || 3000}/api/partners/sandbox/callbacks`;
  holder.__portaleWorker = startWorker(db, {
    resolvePartner: defaultPartnerResolver(db),
    sandboxTransport: httpTransport(callbackUrl),
    pollMs: Number(process.env.WORKER_POLL_MS || 1000),
    recoveryAfterMinutes: Number(process.env.RECOVERY_AFTER_MINUTES || 10),
    recoveryEveryMs: 60_000,
  });
  logger.info({ callbackUrl }, 'worker avviato');
}
