import { getDb } from '@/db';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { httpTransport } from '@/lib/partners/sandbox/delivery';
import { readConfig } from '@/lib/config';
import { logger } from '@/lib/logger';
import { startWorker } from './worker';

const holder = globalThis as typeof globalThis & { __portaleWorker?: () => void };

/** The in-process worker of an app instance (WORKER_ENABLED=false to run it only via `npm run worker`). */
export async function startAppWorker(): Promise<void> {
  if (holder.__portaleWorker) return;
  const db = await getDb();
  const config = readConfig();
  const callbackUrl = config.SANDBOX_CALLBACK_URL ?? `http://127.0.0.1:${config.PORT}/api/partners/sandbox/callbacks`;
  holder.__portaleWorker = startWorker(db, {
    resolvePartner: defaultPartnerResolver(db),
    sandboxTransport: httpTransport(callbackUrl),
    pollMs: config.WORKER_POLL_MS,
    recoveryAfterMinutes: config.RECOVERY_AFTER_MINUTES,
    recoveryEveryMs: 60_000,
  });
  logger.info({ callbackUrl }, 'worker avviato');
}
